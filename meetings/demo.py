"""The demo's meetings (`manage.py load_demo`): a year of meetings of the Cumbria bodies, from
the framework's adoption in November 2009 to November 2010, and a few meetings to come.

Everything goes through the services a clerk's clicks go through (meetings/services/ and
meetings/attendance/), so the demo obeys the same rules: papers are real PDFs that pass the
upload checks, minutes are approved at a later meeting and corrected as new versions, the
register marks a meeting held. The services stamp "now" on publication; a demo of 2010 then
moves those stamps back to the dates they would have had (`_Loader.backdate`).

What the demo shows, by seed:
- the Carlisle Partnership Executive about every two months (seed 004), whose attendance rule
  (seed 002: "a minimum of two out of every four meetings") flags three seats: one member who
  only ever sends apologies, one whose deputy came sometimes but not enough, one who stays away;
- the Leadership Forum three or four times a year, two Thematic Partnerships quarterly, and one
  joint meeting of the two on alcohol-related harm (seed 004's recommended joint approach);
- the Strategic Partnership Forum's Deep Dive, Focus On event and business meeting (seed 001);
- minutes in every state: published, one approved but not yet published, the latest meetings'
  still drafts awaiting a next meeting, and one corrected (version 2 with its reason); one
  confidential item, some late papers, declarations of interest, guests.

Idempotent: the year is loaded once (the first Executive meeting marks it), and a body's
upcoming meetings are added only when it has none from today on.
"""

import datetime
import logging
import re
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from partnerships.models import Body, Membership, Person

from . import services
from .attendance import add_guest, record_register
from .models import (
    EXEMPT_REASONS,
    Action,
    ActionStatus,
    AttendanceStatus,
    DeclarationNature,
    InterestCategory,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Paper,
    Purpose,
)

EXECUTIVE = "Carlisle Partnership Executive"
LEADERSHIP = "Cumbria Leadership Forum"
FORUM = "Cumbria Strategic Partnership Forum"
HCOP = "Health, Care and Older People Thematic Partnership (HCOP)"
SAFER = "Safer and Stronger Thematic Partnership"
DEMO_BODIES = [EXECUTIVE, LEADERSHIP, FORUM, HCOP, SAFER]

DECISION, DISCUSSION, INFORMATION = Purpose.DECISION, Purpose.DISCUSSION, Purpose.INFORMATION
D = datetime.date
# Seed 001: the framework was adopted at the full CSP meeting on 5 November 2009.
FRAMEWORK_ADOPTED = D(2009, 11, 5)


def _at(day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


# --- What a meeting is made of ----------------------------------------------------------------


@dataclass
class Act:
    owner: str
    text: str
    due: datetime.date | None = None
    done: bool = False


@dataclass
class Item:
    title: str
    purpose: str = DISCUSSION
    presenter: str = ""
    description: str = ""
    papers: tuple = ()
    late_papers: tuple = ()  # uploaded after the agenda went out: published two days before
    confidential: bool = False
    exempt_reason: str = ""
    # The minute; "{apologies}", "{previous}" and "{next}" are filled in from the register and
    # the body's other meetings.
    minute: str = ""
    decisions: tuple = ()
    actions: tuple = ()


@dataclass
class Declared:
    person: str
    item: str  # the agenda item's title
    description: str
    nature: str = DeclarationNature.NON_PECUNIARY
    interest: str = ""  # the entry on the register of interests the declaration rests on
    left_the_room: bool = False


@dataclass
class Correction:
    day: datetime.date  # of the body's meeting whose minutes are corrected
    item: str
    text: str
    reason: str


@dataclass
class Plan:
    body: str
    day: datetime.date
    items: list
    title: str = ""
    kind: str = MeetingKind.BUSINESS
    venue: str = ""
    hour: int = 10
    hours: int = 2
    joint_with: tuple = ()
    absences: dict = field(default_factory=dict)  # person: "A", "X", "D" or "D:deputy's name"
    guests: tuple = ()
    declarations: tuple = ()
    keep_minutes_unpublished: bool = False  # approved at the next meeting, not published
    corrects: Correction | None = None

    @property
    def key(self):
        return (self.body, self.day)


# --- Items every business agenda has -------------------------------------------------------------


def _apologies(chair):
    return Item("Apologies and declarations of interest", INFORMATION, chair, minute="{apologies}")


def _last_minutes(chair):
    return Item(
        "Minutes of the last meeting and matters arising", DECISION, chair,
        minute="{previous} Matters arising are covered elsewhere on the agenda.",
    )


def _quarter(day):
    """The last complete quarter of the financial year before `day`, e.g. "Quarter 2, 2009/10"."""
    quarter = ((day.month - 4) % 12) // 3  # the current quarter, counted from 0 in April
    year = day.year - (1 if day.month < 4 else 0)
    if quarter == 0:
        quarter, year = 4, year - 1
    return f"Quarter {quarter}, {year}/{str(year + 1)[-2:]}"


def _performance(presenter, day, minute, *, late=False, decisions=(), actions=()):
    paper = f"Performance report, {_quarter(day)}: exceptions"
    return Item(
        "Performance report – exceptions", DISCUSSION, presenter,
        description="Indicators off track, without a figure this quarter or worse than last quarter.",
        papers=() if late else (paper,), late_papers=(paper,) if late else (),
        minute=minute, decisions=decisions, actions=actions,
    )


def _aob(chair):
    return Item("Any other business", INFORMATION, chair, minute="There was no other business. {next}")


# --- The Carlisle Partnership Executive ------------------------------------------------------------

CHAIR, MANAGER, CONVENER = "Frances Waugh", "Laura Bell", "Rachel Armstrong"
CIVIC_CENTRE = "Civic Centre, Rickergate, Carlisle"
PRIORITY_GROUPS = "Conveners of the priority groups"


def _executive(day, *topics, performance, late_updates=False, **plan):
    updates = "Priority group highlight reports"
    return Plan(EXECUTIVE, day, [
        _apologies(CHAIR),
        _last_minutes(CHAIR),
        performance,
        Item(
            "Thematic updates from the priority groups", INFORMATION, PRIORITY_GROUPS,
            papers=() if late_updates else (updates,), late_papers=(updates,) if late_updates else (),
            minute="The conveners of the four priority groups presented their highlight reports. "
            "The Executive noted them and thanked the groups for their work.",
        ),
        *topics,
        _aob(CHAIR),
    ], venue=CIVIC_CENTRE, **plan)


EXECUTIVE_YEAR = [
    _executive(
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
        performance=_performance(
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
    _executive(
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
        performance=_performance(
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
    _executive(
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
        performance=_performance(
            MANAGER, D(2010, 3, 16),
            "No new exceptions this quarter; NI 155 remains off track.",
        ),
        late_updates=True,
        guests=(
            ("Karen Jefferson", "Cumbria County Council", "Presenting item 5"),
            ("Jim Harrison", "Audit Commission", "Presenting item 6"),
        ),
    ),
    _executive(
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
        performance=_performance(
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
    _executive(
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
        performance=_performance(
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
    _executive(
        D(2010, 9, 21),
        Item(
            "Membership review: progress and why members leave", DISCUSSION, MANAGER,
            papers=("Membership review: progress report (80% complete)",),
            minute="Laura Bell reported that the membership review is 80% complete. Members discussed the "
            "reasons partners give for leaving and agreed that every review should record them.",
            actions=(Act(MANAGER, "Complete the remaining membership review interviews.", D(2010, 11, 1)),),
        ),
        performance=_performance(
            MANAGER, D(2010, 9, 21),
            "NI 39 (alcohol-related hospital admissions) is now an exception and will be raised with the "
            "county's Safer and Stronger Thematic Partnership.",
            late=True,
        ),
        keep_minutes_unpublished=True,
    ),
    _executive(
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
        performance=_performance(
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


# --- The county bodies ------------------------------------------------------------------------------


def _county(body, day, chair, officer, *topics, venue, **plan):
    return Plan(body, day, [
        _apologies(chair),
        _last_minutes(chair),
        _performance(
            officer, day, "The exceptions for the theme were noted; the lead partners set out their recovery plans.",
        ),
        *topics,
        _aob(chair),
    ], venue=venue, **plan)


def _leadership(day, *topics):
    return _county(LEADERSHIP, day, "Gordon Tyson", "Claire Ridley", *topics, venue="Cumbria House, Carlisle", hour=14)


def _hcop(day, *topics):
    return _county(HCOP, day, "Amanda Forster", "Joanne Hind", *topics, venue="NHS Cumbria, Penrith")


def _safer(day, *topics, **plan):
    return _county(SAFER, day, "Janet Warwick", "Mark Dawson", *topics, venue="Police Headquarters, Penrith", **plan)


COUNTY_YEAR = [
    _leadership(
        D(2009, 12, 10),
        Item("Terms of reference of the Leadership Forum", DECISION, "Claire Ridley",
             papers=("Leadership Forum: terms of reference",),
             minute="The Forum considered its terms of reference, which replace those of CLASB and the CSP Executive Board.",
             decisions=("The terms of reference were adopted.",)),
        Item("Local Area Agreement refresh", DECISION, "Jill Stannard, Cumbria County Council",
             papers=("LAA refresh: proposals to Government Office",),
             minute="The Forum reviewed the proposed changes to LAA targets for 2010/11.",
             decisions=("The LAA refresh proposals were endorsed for submission to Government Office North West.",),
             actions=(
                 Act("Claire Ridley", "Submit the LAA refresh to Government Office North West.", D(2010, 1, 15), done=True),
             )),
    ),
    _leadership(
        D(2010, 4, 15),
        Item("Community Strategy consultation", DISCUSSION, "Claire Ridley",
             papers=("Cumbria Community Strategy: consultation draft",),
             minute="Leaders discussed the consultation draft and the responses received from the LSPs so far."),
        Item("Performance Reward Grant: allocation process", DECISION, "Gordon Tyson",
             papers=("Performance Reward Grant: proposed allocation process",),
             minute="The Forum considered how Performance Reward Grant should be allocated across the county.",
             decisions=(
                 "Performance Reward Grant will be allocated through the Thematic Partnerships against the LAA priorities.",
             ),
             actions=(
                 Act(
                     "Michael Graham", "Report Carlisle's proposals for Performance Reward Grant.",
                     D(2010, 7, 22), done=True,
                 ),
             )),
    ),
    _leadership(
        D(2010, 7, 22),
        Item("Cumbria Improvement & Efficiency Programme: progress", INFORMATION, "Derek Fell",
             minute="Progress on the shared back-office services review was noted."),
        Item("Comprehensive Area Assessment: results", INFORMATION, "Claire Ridley",
             minute="The Forum noted the CAA results and the green flag for the county's approach to flood recovery."),
    ),
    _leadership(
        D(2010, 11, 25),
        Item("Community Strategy: approval", DECISION, "Gordon Tyson",
             papers=("Cumbria Community Strategy 2010–2028: final draft",),
             minute="The final draft of the Community Strategy was presented with the changes made after consultation.",
             decisions=("The Community Strategy was approved and will be presented to the Strategic Partnership Forum.",)),
        Item("Spending Review 2010: implications for partners", DISCUSSION, "Michael Graham",
             minute="Leaders shared their initial assessment of the Spending Review's effect on partnership budgets.",
             actions=(
                 Act("Claire Ridley", "Prepare a joint briefing on the Spending Review for all partners.", D(2011, 1, 31)),
             )),
    ),
    _hcop(
        D(2009, 12, 3),
        Item("Winter pressures plan 2009/10", DECISION, "Paul Thexton",
             papers=("Winter pressures plan 2009/10",),
             minute="The partnership considered the plan for winter pressures on health and social care.",
             decisions=("The winter pressures plan was endorsed.",)),
    ),
    _hcop(
        D(2010, 3, 4),
        Item("Dementia strategy for Cumbria", DISCUSSION, "Susan Wilkinson",
             papers=("Living well with dementia in Cumbria: draft strategy",),
             minute="Members welcomed the draft strategy and asked for the voluntary sector's role to be strengthened.",
             actions=(
                 Act(
                     "Anne Richardson", "Co-ordinate the voluntary sector's comments on the dementia strategy.",
                     D(2010, 4, 30), done=True,
                 ),
             )),
    ),
    _hcop(
        D(2010, 6, 3),
        Item("Older people's housing: extra care schemes", DECISION, "Stephen Kirkbride",
             papers=("Extra care housing: proposed schemes 2010–2013",),
             minute="Riverside Carlisle presented proposals for three extra care schemes.",
             decisions=("The partnership supported the three proposed extra care schemes.",)),
    ),
    _hcop(
        D(2010, 9, 2),
        Item("Alcohol-related hospital admissions (NI 39)", DISCUSSION, "Paul Thexton",
             minute="Admissions continue to rise; the partnership agreed to propose a joint meeting with the "
             "Safer and Stronger Thematic Partnership.",
             actions=(
                 Act(
                     "Joanne Hind",
                     "Arrange a joint meeting with the Safer and Stronger Thematic Partnership on alcohol-related harm.",
                     D(2010, 10, 15), done=True,
                 ),
             )),
    ),
    _safer(
        D(2009, 12, 8),
        Item("Anti-social behaviour: perceptions (NI 17)", DISCUSSION, "Janet Warwick",
             papers=("Place Survey 2008: perceptions of anti-social behaviour",),
             minute="The partnership discussed the Place Survey results and the districts' action plans."),
    ),
    _safer(
        D(2010, 3, 9),
        Item("Domestic abuse: review of MARAC arrangements", DECISION, "Trevor Ward",
             papers=("MARAC arrangements in Cumbria: review",),
             minute="The review of multi-agency risk assessment conferences was presented.",
             decisions=("The review's recommendations were accepted.",),
             actions=(Act("Trevor Ward", "Report progress on the MARAC recommendations.", D(2010, 9, 14), done=True),)),
    ),
    _safer(
        D(2010, 6, 8),
        Item("Community safety funding 2010/11", DECISION, "Mark Dawson",
             papers=("Community safety funding: allocations 2010/11",),
             minute="The partnership considered the in-year reduction in community safety grant.",
             decisions=("The revised allocations for 2010/11 were agreed.",)),
    ),
    _safer(
        D(2010, 9, 14),
        Item("Road safety: killed and seriously injured (NI 47)", INFORMATION, "Gary Hodgkinson",
             minute="The partnership noted the reduction in people killed or seriously injured on Cumbria's roads."),
    ),
    Plan(
        SAFER, D(2010, 10, 12), title="Joint meeting on alcohol-related harm", kind=MeetingKind.JOINT,
        joint_with=(HCOP,), venue="Rheged, Penrith", hours=3,
        items=[
            _apologies("Janet Warwick"),
            _last_minutes("Janet Warwick"),
            Item("Alcohol-related harm in Cumbria: the evidence", INFORMATION, "Paul Thexton",
                 papers=("Alcohol-related harm in Cumbria: needs assessment",),
                 minute="Paul Thexton presented the needs assessment: hospital admissions, crime and disorder, and "
                 "the night-time economy."),
            Item("A joint county, district, NHS and police approach", DECISION, "Amanda Forster",
                 papers=("Alcohol harm reduction: a joint approach for Cumbria",),
                 minute="The two partnerships discussed a single alcohol harm reduction plan, following the joint "
                 "approach recommended to partnerships by the IDeA.",
                 decisions=("The two partnerships will adopt a single alcohol harm reduction plan, led jointly.",),
                 actions=(
                     Act("Mark Dawson", "Draft the joint alcohol harm reduction plan.", D(2011, 1, 31)),
                     Act("Paul Thexton", "Share NHS admissions data with the community safety partnerships monthly.", None),
                 )),
            _aob("Janet Warwick"),
        ],
    ),
    Plan(
        FORUM, D(2010, 2, 25), title="Deep Dive: worklessness and skills in West Cumbria", kind=MeetingKind.DEEP_DIVE,
        venue="Energus, Workington", hours=4,
        items=[
            Item("Setting the scene: the evidence", INFORMATION, "Cumbria Intelligence Observatory",
                 papers=("Worklessness and skills in West Cumbria: evidence pack",),
                 minute="The Observatory presented the evidence on worklessness, benefits and skills."),
            Item("Workshops: what would make the difference?", DISCUSSION, "Anne Richardson",
                 minute="Four workshops discussed young people, older workers, health-related worklessness and employers."),
            Item("Feedback and commitments", DECISION, "Gordon Tyson",
                 minute="Each workshop reported back. The Forum agreed to ask the Cumbria Vision Thematic "
                 "Partnership to lead.",
                 decisions=(
                     "The Cumbria Vision Thematic Partnership will lead a worklessness action plan for West Cumbria.",
                 )),
        ],
    ),
    Plan(
        FORUM, D(2010, 6, 17), title="Focus On: affordable rural housing", kind=MeetingKind.FOCUS_ON,
        venue="Rheged, Penrith", hour=13, hours=3,
        items=[
            Item("Affordable rural housing: the challenge", INFORMATION, "Lake District National Park Authority",
                 papers=("Affordable rural housing in Cumbria: briefing",),
                 minute="The briefing set out house prices, incomes and the supply of affordable homes in rural Cumbria."),
            Item("What works: community land trusts", DISCUSSION, "Cumbria Rural Forum",
                 minute="Speakers from two community land trusts described their schemes."),
        ],
    ),
    Plan(
        FORUM, D(2010, 10, 28), venue="The Shepherds Inn, Carlisle", hour=13, hours=3,
        items=[
            _apologies("Gordon Tyson"),
            _last_minutes("Gordon Tyson"),
            Item("Update from the Cumbria Leadership Forum", INFORMATION, "Gordon Tyson",
                 minute="The chair reported on the Leadership Forum's work since it was established."),
            Item("Local Area Agreement refresh: progress", INFORMATION, "Claire Ridley",
                 papers=("LAA 2008–2011: progress at Quarter 2, 2010/11",),
                 minute="The Forum noted progress against the LAA targets."),
            Item("Community Strategy consultation: what partners said", DISCUSSION, "Claire Ridley",
                 papers=("Community Strategy consultation: summary of responses",),
                 minute="The Forum discussed the consultation responses and the changes proposed to the strategy."),
            _aob("Gordon Tyson"),
        ],
    ),
]


def _attendance_pattern(index, number, has_deputy):
    """Deterministic, realistic attendance for the county bodies: over any four consecutive
    meetings a member misses at most two, so no county seat falls below the rule; the flagged
    seats are the Carlisle Executive's, as the story goes."""
    if (index + number) % 5 == 0:
        return "D" if has_deputy else "A"
    if (index + 2 * number) % 7 == 0:
        return "A"
    return "P"


# --- Meetings to come (dates relative to today, so the calendar always has some) ------------------


def _coming(today, weeks, weekday):
    """The `weekday` on or after `weeks` weeks from today, clear of Christmas and New Year."""
    day = today + datetime.timedelta(weeks=weeks)
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    if (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 5):
        day += datetime.timedelta(weeks=2)
    return day


TUESDAY, THURSDAY = 1, 3


def upcoming_plans(today):
    """Plans of meetings to come, with what stage their agendas are at ("published", "draft",
    "scheduled" to publish later, or "none")."""
    refresh = Item(
        "Community Strategy refresh", DISCUSSION, CHAIR, papers=("Community Strategy refresh: scope and timetable",)
    )
    soon, later = _coming(today, 3, TUESDAY), _coming(today, 11, TUESDAY)
    return [
        (_executive(soon, refresh, performance=_performance(MANAGER, soon, "")), "published"),
        (
            _executive(later, Item("Local Area Agreement refresh", DECISION, "Neil Routledge"),
                       performance=_performance(MANAGER, later, "")),
            "draft",
        ),
        (
            _leadership(_coming(today, 5, THURSDAY), Item("Community Strategy refresh", DISCUSSION, "Gordon Tyson")),
            "published",
        ),
        (Plan(FORUM, _coming(today, 13, THURSDAY), [
            _apologies("Gordon Tyson"),
            Item("Update from the Cumbria Leadership Forum", INFORMATION, "Gordon Tyson"),
            Item("Community Strategy refresh: have your say", DISCUSSION, "Claire Ridley"),
            _aob("Gordon Tyson"),
        ], venue="The Shepherds Inn, Carlisle", hour=13, hours=3), "scheduled"),
        (_hcop(_coming(today, 7, THURSDAY)), "none"),
    ]


# --- Papers: small real PDFs, made here ------------------------------------------------------------


def _pdf_text(text):
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace")


def pdf_bytes(title, lines):
    """A one-page PDF 1.4 document showing `title` and `lines` in Helvetica: valid (it opens in any
    reader and passes the upload checks), deterministic and made in microseconds."""
    stream = [b"BT", b"/F1 16 Tf", b"72 770 Td", b"(" + _pdf_text(title) + b") Tj", b"/F1 11 Tf", b"0 -30 Td"]
    for line in lines:
        for part in textwrap.wrap(line, 85) or [""]:
            stream += [b"(" + _pdf_text(part) + b") Tj", b"0 -16 Td"]
    stream.append(b"ET")
    content = b"\n".join(stream)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _paper_file(meeting, item, title):
    name = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80] + ".pdf"
    lines = [
        f"{meeting.body.name}: {meeting.display_title}, {timezone.localtime(meeting.starts_at):%-d %B %Y}",
        f"Agenda item {item.position}: {item.title}" + (" (confidential)" if item.confidential else ""),
        "",
        "This is a demonstration paper of the Cumbria Strategic Partnership portal.",
    ]
    return SimpleUploadedFile(name, pdf_bytes(title, lines), content_type="application/pdf")


# --- Loading -----------------------------------------------------------------------------------------


class _Loader:
    def __init__(self):
        self.bodies = {body.name: body for body in Body.objects.filter(name__in=DEMO_BODIES)}
        missing = set(DEMO_BODIES) - set(self.bodies)
        if missing:
            raise ValueError(f"The demo structure has no {', '.join(sorted(missing))}: load it first.")
        self.people = {}
        self.interests = {}
        self.held = {}  # (body name, date): (meeting, plan, minutes)
        self.pending = {}  # body id: the newest minutes waiting for approval
        self.late_papers = []
        self.kept_unpublished = set()

    def person(self, name):
        if name not in self.people:
            self.people[name] = Person.objects.get(name=name)
        return self.people[name]

    def create(self, plan):
        body = self.bodies[plan.body]
        starts = _at(plan.day, plan.hour)
        meeting = services.create_meeting(
            body, joint_with=[self.bodies[name] for name in plan.joint_with], kind=plan.kind, title=plan.title,
            starts_at=starts, ends_at=starts + datetime.timedelta(hours=plan.hours), venue=plan.venue,
        )
        items = []
        for spec in plan.items:
            item = services.add_agenda_item(
                meeting, spec.title, purpose=spec.purpose, presenter=spec.presenter,
                description=spec.description, confidential=spec.confidential, exempt_reason=spec.exempt_reason,
            )
            for title in spec.papers:
                services.upload_paper(item, _paper_file(meeting, item, title), title)
            items.append(item)
        return meeting, items

    def add_late_papers(self, meeting, plan, items):
        for spec, item in zip(plan.items, items):
            for title in spec.late_papers:
                self.late_papers.append(services.upload_paper(item, _paper_file(meeting, item, title), title).pk)

    def register(self, meeting, plan):
        on = timezone.localdate(meeting.starts_at)
        memberships = list(
            Membership.objects.filter(body=meeting.body).active_on(on).seated()
            .select_related("person", "designated_deputy").order_by("person__name", "pk")
        )
        number = sum(1 for body, _ in self.held if body == plan.body)
        entries = []
        for index, membership in enumerate(memberships):
            name = membership.person.name
            code = plan.absences.get(name)
            # The Executive's register is EXECUTIVE_REGISTER, told in full; the others follow a pattern.
            if code is None and plan.body != EXECUTIVE:
                code = _attendance_pattern(index, number, membership.designated_deputy_id is not None)
            code = code or "P"
            entry = {"membership": membership, "status": AttendanceStatus.PRESENT}
            if code == "A":
                entry["status"] = AttendanceStatus.APOLOGIES
            elif code == "X":
                entry["status"] = AttendanceStatus.ABSENT
            elif code.startswith("D"):
                entry["status"] = AttendanceStatus.DEPUTY
                entry["deputy"] = self.person(code[2:]) if ":" in code else membership.designated_deputy
            entries.append(entry)
        record_register(meeting=meeting, entries=entries)
        for name, organisation, role in plan.guests:
            add_guest(meeting=meeting, name=name, organisation=organisation, role=role)
        return entries

    def minute_context(self, meeting, plan, entries):
        apologies = sorted(e["membership"].person.name for e in entries if e["status"] == AttendanceStatus.APOLOGIES)
        deputies = sorted(
            f"{e['deputy'].name} for {e['membership'].person.name}"
            for e in entries if e["status"] == AttendanceStatus.DEPUTY
        )
        text = f"Apologies were received from {_join(apologies)}." if apologies else "There were no apologies."
        if deputies:
            text += f" Deputies attended: {_join(deputies)}."
        if plan.declarations:
            text += " Declarations of interest are recorded against the items concerned."
        else:
            text += " No interests were declared."
        body_days = sorted(day for body, day in self.held if body == plan.body and day < plan.day)
        if body_days:
            previous = f"The minutes of the meeting held on {body_days[-1]:%-d %B %Y} were agreed as a correct record."
        elif meeting.body.established and meeting.body.established >= FRAMEWORK_ADOPTED:
            previous = f"This was the first meeting of the {meeting.body.name}."
        else:
            previous = "The minutes of the previous meeting were agreed as a correct record."
        later = sorted(p.day for p in ALL_YEAR if p.body == plan.body and p.day > plan.day)
        following = f"The next meeting will be held on {later[0]:%-d %B %Y}." if later else ""
        return {"apologies": text, "previous": previous, "next": following}

    def minute(self, meeting, plan, items, entries):
        officer = Membership.objects.filter(body=meeting.body, role="officer", person__user__isnull=False).first()
        minutes = services.start_minutes(meeting, officer.person.user if officer else None)
        context = self.minute_context(meeting, plan, entries)
        services.save_minutes_text(
            minutes, {item: spec.minute.format(**context).strip() for spec, item in zip(plan.items, items) if spec.minute}
        )
        for spec, item in zip(plan.items, items):
            for text in spec.decisions:
                services.add_decision(minutes, item, text)
            for act in spec.actions:
                action = services.add_action(minutes, item, act.text, owner=self.person(act.owner), due=act.due)
                if act.done:
                    services.update_action_status(action, ActionStatus.DONE)
        by_title = {item.title: item for item in items}
        for declared in plan.declarations:
            person = self.person(declared.person)
            services.declare_interest(
                by_title[declared.item], person, declared.nature, declared.description,
                interest=self.interest(person, declared.interest, meeting) if declared.interest else None,
                left_the_room=declared.left_the_room,
            )
        services.record_quorum(minutes)
        return minutes

    def interest(self, person, description, meeting):
        if person.pk not in self.interests:
            self.interests[person.pk] = services.register_interest(
                person, category=InterestCategory.EMPLOYMENT, description=description,
                registered_on=timezone.localdate(meeting.starts_at) - datetime.timedelta(days=90),
            )
        return self.interests[person.pk]

    def approve_pending(self, meeting, plan):
        """Approve the minutes waiting on this meeting's body (and the bodies joining it)."""
        for name in (plan.body, *plan.joint_with):
            minutes = self.pending.pop(self.bodies[name].pk, None)
            if minutes is None:
                continue
            services.approve_minutes(minutes, meeting)
            if (name, timezone.localdate(minutes.meeting.starts_at)) in self.kept_unpublished:
                continue
            services.publish_minutes(minutes)

    def correct(self, meeting, plan):
        correction = plan.corrects
        _, _, original = self.held[(plan.body, correction.day)]
        original.refresh_from_db()
        version = services.correct_minutes(original, correction.reason, None)
        item = original.meeting.items.get(title=correction.item)
        services.save_minute_entry(version, item, correction.text)
        services.approve_minutes(version, meeting)
        services.publish_minutes(version)

    def hold(self, plan):
        meeting, items = self.create(plan)
        services.publish_agenda(meeting)
        self.add_late_papers(meeting, plan, items)
        entries = self.register(meeting, plan)
        self.approve_pending(meeting, plan)
        if plan.corrects:
            self.correct(meeting, plan)
        minutes = self.minute(meeting, plan, items, entries)
        self.pending[meeting.body_id] = minutes
        if plan.keep_minutes_unpublished:
            self.kept_unpublished.add(plan.key)
        self.held[plan.key] = (meeting, plan, minutes)

    def backdate(self):
        """Move the services' "now" stamps back to when a 2010 clerk would have made them: agendas
        and papers a week before each meeting (late papers two days before), minutes drafted three
        days after it and published a week after their approval."""
        for meeting, _, _ in self.held.values():
            starts = meeting.starts_at
            sent = starts - datetime.timedelta(days=8)
            Meeting.objects.filter(pk=meeting.pk).update(
                created_at=starts - datetime.timedelta(days=42), agenda_published_at=sent
            )
            papers = Paper.objects.filter(item__meeting=meeting)
            papers.exclude(pk__in=self.late_papers).update(uploaded_at=sent, published_at=sent)
            late = starts - datetime.timedelta(days=2)
            papers.filter(pk__in=self.late_papers).update(uploaded_at=late, published_at=late)
        for minutes in Minutes.objects.filter(meeting__in=[m for m, _, _ in self.held.values()]).select_related("meeting"):
            if minutes.supersedes_id:
                drafted = _at(minutes.approved_on) - datetime.timedelta(days=14)
            else:
                drafted = minutes.meeting.starts_at + datetime.timedelta(days=3)
            published = _at(minutes.approved_on + datetime.timedelta(days=7), 12) if minutes.published_at else None
            Minutes.objects.filter(pk=minutes.pk).update(created_at=drafted, published_at=published)

    def add_upcoming(self, today):
        """Add the meetings to come of each demo body that has none from today on."""
        added = 0
        planned = set(
            Meeting.objects.filter(
                body__in=self.bodies.values(), status=MeetingStatus.SCHEDULED, starts_at__gte=_at(today, 0)
            ).values_list("body__name", flat=True)
        )
        for plan, stage in upcoming_plans(today):
            if plan.body in planned:
                continue
            meeting, _ = self.create(plan)
            if stage == "published":
                services.publish_agenda(meeting)
            elif stage == "scheduled":
                services.publish_agenda(meeting, at=meeting.starts_at - datetime.timedelta(days=8))
            added += 1
        return added


@contextmanager
def _quiet(logger_name):
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _join(names):
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


ALL_YEAR = sorted(EXECUTIVE_YEAR + COUNTY_YEAR, key=lambda plan: (plan.day, plan.hour))
FIRST_EXECUTIVE_MEETING = EXECUTIVE_YEAR[0]


@dataclass
class DemoMeetings:
    loaded_year: bool
    upcoming_added: int
    body_ids: list

    def summary(self):
        meetings = Meeting.objects.filter(body__name__in=DEMO_BODIES)
        held = meetings.filter(status=MeetingStatus.HELD).count()
        scheduled = meetings.filter(status=MeetingStatus.SCHEDULED).count()
        minutes = Minutes.objects.filter(meeting__in=meetings)
        states = ", ".join(
            f"{minutes.filter(status=status).count()} {label.lower()}" for status, label in MinutesStatus.choices
        )
        verb = "loaded" if self.loaded_year or self.upcoming_added else "already loaded"
        return (
            f"Demo meetings {verb}: {held} held and {scheduled} scheduled meetings of {len(DEMO_BODIES)} bodies, "
            f"{Paper.objects.filter(item__meeting__in=meetings).count()} papers, minutes ({states}), "
            f"{Action.objects.filter(meeting__in=meetings).count()} actions"
        )


def load_demo_meetings(today=None):
    """Load the demo year of meetings (once) and the meetings to come (when a body has none).
    Returns DemoMeetings; load_demo (governance) then opens the attendance reviews."""
    today = today or timezone.localdate()
    # Nobody is emailed about the demo's 2010 attendance: the chair's address is example.org,
    # and a demo site may have a real mail server. Each register saved queues the attendance
    # review (run in-process without a broker): its log lines would bury the command's output.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), _quiet("celery.app.trace"):
        with transaction.atomic():
            loader = _Loader()
            first = FIRST_EXECUTIVE_MEETING
            loaded_year = not Meeting.objects.filter(
                body=loader.bodies[EXECUTIVE], starts_at=_at(first.day, first.hour)
            ).exists()
            if loaded_year:
                for plan in ALL_YEAR:
                    loader.hold(plan)
                loader.backdate()
            upcoming = loader.add_upcoming(today)
            body_ids = [body.pk for body in loader.bodies.values()]
    return DemoMeetings(loaded_year, upcoming, body_ids)
