"""The county bodies' year (the Leadership Forum, two Thematic Partnerships, a joint meeting, the
Strategic Partnership Forum's events) and the meetings to come, dated from today so the calendar
always has some."""

import datetime

from ..models import (
    MeetingKind,
)
from .executive import CHAIR, MANAGER, executive
from .plan import (
    DECISION,
    DISCUSSION,
    FORUM,
    HCOP,
    INFORMATION,
    LEADERSHIP,
    SAFER,
    Act,
    D,
    Item,
    Plan,
    aob,
    apologies,
    last_minutes,
    performance,
)


def _county(body, day, chair, officer, *topics, venue, **plan):
    return Plan(body, day, [
        apologies(chair),
        last_minutes(chair),
        performance(
            officer, day, "The exceptions for the theme were noted; the lead partners set out their recovery plans.",
        ),
        *topics,
        aob(chair),
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
            apologies("Janet Warwick"),
            last_minutes("Janet Warwick"),
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
            aob("Janet Warwick"),
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
            apologies("Gordon Tyson"),
            last_minutes("Gordon Tyson"),
            Item("Update from the Cumbria Leadership Forum", INFORMATION, "Gordon Tyson",
                 minute="The chair reported on the Leadership Forum's work since it was established."),
            Item("Local Area Agreement refresh: progress", INFORMATION, "Claire Ridley",
                 papers=("LAA 2008–2011: progress at Quarter 2, 2010/11",),
                 minute="The Forum noted progress against the LAA targets."),
            Item("Community Strategy consultation: what partners said", DISCUSSION, "Claire Ridley",
                 papers=("Community Strategy consultation: summary of responses",),
                 minute="The Forum discussed the consultation responses and the changes proposed to the strategy."),
            aob("Gordon Tyson"),
        ],
    ),
]


def attendance_pattern(index, number, has_deputy):
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
        (executive(soon, refresh, performance=performance(MANAGER, soon, "")), "published"),
        (
            executive(later, Item("Local Area Agreement refresh", DECISION, "Neil Routledge"),
                       performance=performance(MANAGER, later, "")),
            "draft",
        ),
        (
            _leadership(_coming(today, 5, THURSDAY), Item("Community Strategy refresh", DISCUSSION, "Gordon Tyson")),
            "published",
        ),
        (Plan(FORUM, _coming(today, 13, THURSDAY), [
            apologies("Gordon Tyson"),
            Item("Update from the Cumbria Leadership Forum", INFORMATION, "Gordon Tyson"),
            Item("Community Strategy refresh: have your say", DISCUSSION, "Claire Ridley"),
            aob("Gordon Tyson"),
        ], venue="The Shepherds Inn, Carlisle", hour=13, hours=3), "scheduled"),
        (_hcop(_coming(today, 7, THURSDAY)), "none"),
    ]
