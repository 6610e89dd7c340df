"""What a demo meeting is made of (a Plan of items, acts, declarations and corrections), the demo
bodies' names and the items every business agenda has."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from ..models import (
    DeclarationNature,
    MeetingKind,
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


def at(day, hour=10, minute=0):
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


def apologies(chair):
    return Item("Apologies and declarations of interest", INFORMATION, chair, minute="{apologies}")


def last_minutes(chair):
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


def performance(presenter, day, minute, *, late=False, decisions=(), actions=()):
    paper = f"Performance report, {_quarter(day)}: exceptions"
    return Item(
        "Performance report – exceptions", DISCUSSION, presenter,
        description="Indicators off track, without a figure this quarter or worse than last quarter.",
        papers=() if late else (paper,), late_papers=(paper,) if late else (),
        minute=minute, decisions=decisions, actions=actions,
    )


def aob(chair):
    return Item("Any other business", INFORMATION, chair, minute="There was no other business. {next}")
