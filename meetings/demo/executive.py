"""The Carlisle Partnership Executive's year of meetings and its attendance register, in which the
attendance rule (two of every four meetings) flags three seats."""




from ..models import (
    EXEMPT_REASONS,
    DeclarationNature,
)
from .plan import (
    DECISION,
    DISCUSSION,
    EXECUTIVE,
    INFORMATION,
    Act,
    Correction,
    D,
    Declared,
    Item,
    Plan,
    aob,
    apologies,
    last_minutes,
    performance,
)

CHAIR, MANAGER, CONVENER = "Frances Waugh", "Laura Bell", "Rachel Armstrong"
CIVIC_CENTRE = "Civic Centre, Rickergate, Carlisle"
PRIORITY_GROUPS = "Conveners of the priority groups"


def executive(day, *topics, performance, late_updates=False, **plan):
    updates = "Priority group highlight reports"
    return Plan(EXECUTIVE, day, [
        apologies(CHAIR),
        last_minutes(CHAIR),
        performance,
        Item(
            "Thematic updates from the priority groups", INFORMATION, PRIORITY_GROUPS,
            papers=() if late_updates else (updates,), late_papers=(updates,) if late_updates else (),
            minute="The conveners of the four priority groups presented their highlight reports. "
            "The Executive noted them and thanked the groups for their work.",
        ),
        *topics,
        aob(CHAIR),
    ], venue=CIVIC_CENTRE, **plan)


EXECUTIVE_YEAR = [
    executive(
        D(2009, 11, 17),
        Item(
            "Carlisle Partnership improvement plan: the evaluation framework", DECISION, MANAGER,
            papers=("Evaluation framework: seven criteria and improvement proposals",),
            minute="Laura Bell introduced the evaluation framework's seven criteria: Focus; Membership; "
            "Efficiency and Effectiveness; Accountability and Transparency; Learning and Sharing; Evaluation "
            "and Monitoring; Leading by Example. Members agreed that the minutes and meetings of the "
            "Executive should become publicly accessible (improvement proposal 8).",
            decisions=(
                "The Executive adopted the evaluation framework and its seven criteria.",
                "Approved minutes of the Executive will be published on the partnership's website.",
            ),
            actions=(
                Act(MANAGER, "Draft improvement proposals against each of the seven criteria.", D(2010, 3, 1), done=True),
            ),
        ),
        performance=performance(
            MANAGER, D(2009, 11, 17),
            "Two indicators were reported as exceptions: NI 155 (affordable homes delivered) and NI 117 "
            "(16 to 18 year olds not in education, employment or training).",
            actions=(
                Act(
                    "Moira Scott", "Bring the Learning City partners' plan for reducing NEETs to the next meeting.",
                    D(2010, 1, 19), done=True,
                ),
            ),
        ),
    ),
    executive(
        D(2010, 1, 19),
        Item(
            "Local Area Agreement refresh 2010/11", DECISION, "Neil Routledge",
            papers=("LAA refresh: Carlisle's proposed contributions",),
            minute="Neil Routledge set out the county's proposals for the LAA refresh and Carlisle's proposed "
            "contributions. Members asked that NI 185 (CO2 reduction from local authority operations) be "
            "included, as the partnership is well placed to contribute to it.",
            decisions=(
                "The Executive endorsed Carlisle's proposed contributions to the LAA refresh, including NI 155 and NI 185.",
            ),
            actions=(Act("Neil Routledge", "Send Carlisle's response to the county's LAA team.", D(2010, 2, 5), done=True),),
        ),
        performance=performance(
            MANAGER, D(2010, 1, 19),
            "NI 155 remains off track; NI 117 has improved since the last quarter. The NHS figures for NI 39 "
            "(alcohol-related hospital admissions) were not available.",
            actions=(Act("Tom Shepherd", "Provide the NHS figures for NI 39 for the exceptions report.", D(2010, 3, 1)),),
        ),
        declarations=(Declared(
            "Stephen Kirkbride", "Local Area Agreement refresh 2010/11",
            "Riverside Carlisle delivers affordable homes counted in NI 155.",
            interest="Director of Housing Services, Riverside Carlisle (employment).",
        ),),
    ),
    executive(
        D(2010, 3, 16),
        Item(
            "Community Strategy consultation", DISCUSSION, "Karen Jefferson, Cumbria County Council",
            papers=("Cumbria Community Strategy: consultation draft",),
            minute="Karen Jefferson presented the consultation draft of the Cumbria Community Strategy. "
            "Members welcomed its focus on outcomes. The partnership will respond by 30 April 2010.",
            actions=(
                Act(
                    MANAGER, "Co-ordinate the partnership's response to the Community Strategy consultation.",
                    D(2010, 4, 30), done=True,
                ),
            ),
        ),
        Item(
            "Comprehensive Area Assessment: the Audit Commission's view", INFORMATION, "Jim Harrison, Audit Commission",
            minute="Jim Harrison outlined the Audit Commission's emerging findings for Carlisle, including the "
            "partnership's strength in community engagement.",
        ),
        performance=performance(
            MANAGER, D(2010, 3, 16),
            "No new exceptions this quarter; NI 155 remains off track.",
        ),
        late_updates=True,
        guests=(
            ("Karen Jefferson", "Cumbria County Council", "Presenting item 5"),
            ("Jim Harrison", "Audit Commission", "Presenting item 6"),
        ),
    ),
    executive(
        D(2010, 5, 18),
        Item(
            "NI 185: partners' contribution to reducing CO2 emissions", DECISION, "Elsie Irving",
            papers=("NI 185: baseline and partners' carbon reduction pledges",),
            minute="Elsie Irving presented the NI 185 baseline for Carlisle City Council and invited partners "
            "to pledge reductions from their own buildings and fleets.",
            decisions=("Partners will each pledge a carbon reduction target for 2010/11 by the July meeting.",),
            actions=(Act("Elsie Irving", "Collect partners' carbon reduction pledges.", D(2010, 7, 20), done=True),),
        ),
        Item(
            "Working Neighbourhoods Fund: older people's winter warmth projects", DECISION, MANAGER,
            papers=("Working Neighbourhoods Fund: applications and officer assessment",),
            minute="Rachel Armstrong left the room for this item. The Executive considered two applications "
            "for winter warmth projects for older people.",
            decisions=("Grants of £12,000 to Age Concern Carlisle's Winter Warmth project and £8,500 to the "
                       "Carlisle Home Improvement Agency were approved.",),
            actions=(Act(CONVENER, "Report back on the take-up of the Winter Warmth project.", D(2010, 11, 16), done=True),),
        ),
        performance=performance(
            MANAGER, D(2010, 5, 18),
            "Year-end position for 2009/10: 14 of 18 indicators on track. NI 155 ended the year 40 homes short.",
        ),
        declarations=(Declared(
            CONVENER, "Working Neighbourhoods Fund: older people's winter warmth projects",
            "Age Concern Carlisle, which employs her, is one of the applicants.",
            nature=DeclarationNature.PECUNIARY, interest="Chief Officer, Age Concern Carlisle (employment).",
            left_the_room=True,
        ),),
    ),
    executive(
        D(2010, 7, 20),
        Item(
            "Commissioning of the CIEP efficiency review – commercially sensitive", DECISION, "Neil Routledge",
            confidential=True, exempt_reason=EXEMPT_REASONS[2],
            papers=("CIEP efficiency review: tender evaluation (commercially sensitive)",),
            minute="The Executive considered the evaluation of the three tenders received for the Cumbria "
            "Improvement & Efficiency Programme's review of back-office services. The highest-scoring bid "
            "was £38,500 below the budget of £120,000.",
            decisions=("The Executive will recommend to the CIEP Board that the contract be awarded to the "
                       "highest-scoring bidder, subject to due diligence.",),
            actions=(
                Act("Neil Routledge", "Notify the CIEP Board of the Executive's recommendation.", D(2010, 8, 6), done=True),
            ),
        ),
        Item(
            "Carlisle Partnership annual report 2009/10", DECISION, MANAGER,
            papers=("Carlisle Partnership annual report 2009/10 (draft)",),
            minute="Members approved the annual report subject to the addition of the priority groups' case studies.",
            decisions=("The annual report 2009/10 was approved for publication.",),
        ),
        performance=performance(
            MANAGER, D(2010, 7, 20),
            "NI 185 pledges received from six of nine partners. NI 155 is forecast to recover in 2010/11.",
        ),
        corrects=Correction(
            day=D(2010, 3, 16), item="Community Strategy consultation",
            text="Karen Jefferson presented the consultation draft of the Cumbria Community Strategy. "
            "Members welcomed its focus on outcomes. The partnership will respond by 14 May 2010, the "
            "extended closing date.",
            reason="The minute of item 5 gave the consultation's closing date as 30 April 2010; the County "
            "Council had extended it to 14 May 2010. Corrected at the meeting on 20 July 2010.",
        ),
    ),
    executive(
        D(2010, 9, 21),
        Item(
            "Membership review: progress and why members leave", DISCUSSION, MANAGER,
            papers=("Membership review: progress report (80% complete)",),
            minute="Laura Bell reported that the membership review is 80% complete. Members discussed the "
            "reasons partners give for leaving and agreed that every review should record them.",
            actions=(Act(MANAGER, "Complete the remaining membership review interviews.", D(2010, 11, 1)),),
        ),
        performance=performance(
            MANAGER, D(2010, 9, 21),
            "NI 39 (alcohol-related hospital admissions) is now an exception and will be raised with the "
            "county's Safer and Stronger Thematic Partnership.",
            late=True,
        ),
        keep_minutes_unpublished=True,
    ),
    executive(
        D(2010, 11, 16),
        Item(
            "Community Strategy consultation: the partnership's response", DECISION, CHAIR,
            papers=("Draft response to the Cumbria Community Strategy",),
            minute="The chair presented the draft response. Members asked that the voluntary and community "
            "sector's comments be added before it is sent.",
            decisions=("The response was agreed, subject to the voluntary and community sector's comments.",),
            actions=(
                Act(
                    CONVENER, "Circulate the voluntary and community sector's comments on the draft response.",
                    D(2010, 12, 3),
                ),
                Act(CHAIR, "Send the agreed response to the County Council.", D(2010, 12, 10)),
            ),
        ),
        performance=performance(
            MANAGER, D(2010, 11, 16),
            "Quarter 2 shows NI 39 and NI 155 off track; the other indicators are on track.",
        ),
    ),
]

# Who did not come, meeting by meeting; everyone else was present. "A" apologies, "X" absent
# without apologies, "D" the designated deputy came, "D:name" someone else stood in.
#   Ronald Bowman only ever sends apologies; Stephen Kirkbride's deputy came sometimes but not
#   often enough; Alison Maughan stopped coming. The rule counts the last four meetings.
EXECUTIVE_REGISTER = {
    #                    Nov 09  Jan  Mar  May  Jul  Sep  Nov 10
    "Neil Routledge":    "P      P    D    P    P    P    P",
    "Elsie Irving":      "P      P    P    P    D    P    P",
    "Ronald Bowman":     "P      A    A    A    A    A    A",
    "Tom Shepherd":      "P      D    P    P    P    D:Paul_Thexton P",
    "David Musgrave":    "P      P    P    A    P    P    P",
    "Rachel Armstrong":  "P      P    P    P    D    P    P",
    "Stephen Kirkbride": "P      P    A    D    A    X    A",
    "Moira Scott":       "P      P    A    P    X    P    P",
    "Alison Maughan":    "P      X    P    X    X    P    X",
}
for _index, _plan in enumerate(EXECUTIVE_YEAR):
    _plan.absences = {
        name: codes.split()[_index].replace("_", " ")
        for name, codes in EXECUTIVE_REGISTER.items() if codes.split()[_index] != "P"
    }
