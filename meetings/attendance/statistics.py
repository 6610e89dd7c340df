"""Attendance statistics per body and per member (seed 004: low attendance and more substitutes
are the symptoms of a "talking shop"): public in aggregate, per member for the body's readers."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from partnerships.models import SEATED_ROLES, Membership

from ..models import Attendance, AttendanceRule, AttendanceStatus, MeetingStatus
from .rule import Verdict, evaluate_all, rule_for

COUNTING = AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY


@dataclass
class Tally:
    """Seats expected at meetings and how they were filled."""

    expected: int = 0
    present: int = 0
    deputy: int = 0
    apologies: int = 0
    absent: int = 0

    def add(self, status):
        self.expected += 1
        if status == AttendanceStatus.PRESENT:
            self.present += 1
        elif status == AttendanceStatus.DEPUTY:
            self.deputy += 1
        elif status == AttendanceStatus.APOLOGIES:
            self.apologies += 1
        else:
            self.absent += 1

    @property
    def rate(self):
        """Share of expected seats filled, by the member or their deputy."""
        return (self.present + self.deputy) / self.expected if self.expected else None

    @property
    def deputy_rate(self):
        """Share of expected seats filled by a deputy (seed 004: "more substitutes")."""
        return self.deputy / self.expected if self.expected else None

    @property
    def rate_percent(self):
        return None if self.rate is None else round(100 * self.rate)

    @property
    def deputy_percent(self):
        return None if self.deputy_rate is None else round(100 * self.deputy_rate)


@dataclass
class PeriodStats:
    label: str
    meetings: int = 0
    tally: Tally = field(default_factory=Tally)


@dataclass
class MemberStats:
    membership: Membership
    tally: Tally = field(default_factory=Tally)
    recent: list = field(default_factory=list)
    deputies: Counter = field(default_factory=Counter)
    verdict: Verdict | None = None

    @property
    def trend(self):
        return trend([1 if s in COUNTING else 0 for s in self.recent])

    @property
    def deputy_counts(self):
        """[(deputy's name, meetings)], most frequent first."""
        return self.deputies.most_common()


@dataclass
class BodyStats:
    rule: AttendanceRule
    overall: Tally
    quarters: list[PeriodStats]
    meetings: list[PeriodStats]
    trend: str
    members: list[MemberStats] | None


# How far the recent rate must move from the earlier one to call it a trend.
TREND_THRESHOLD = 0.05
TREND_SPAN = 4


def trend(values):
    """"rising", "falling" or "steady": the mean of the last TREND_SPAN values against the
    TREND_SPAN before them; "" when there are too few to compare."""
    values = [v for v in values if v is not None]
    if len(values) < 2 * TREND_SPAN:
        return ""
    recent = sum(values[-TREND_SPAN:]) / TREND_SPAN
    earlier = sum(values[-2 * TREND_SPAN:-TREND_SPAN]) / TREND_SPAN
    if recent - earlier > TREND_THRESHOLD:
        return "rising"
    if earlier - recent > TREND_THRESHOLD:
        return "falling"
    return "steady"


def attendance_statistics(*, body, meetings, with_members):
    """Attendance at `body`'s held meetings among `meetings` (the ones the reader may see): by
    quarter, by meeting and overall, and per member when `with_members`. Fixed query count."""
    held = list(
        meetings.filter(body_id=body.pk, status=MeetingStatus.HELD).order_by("starts_at", "pk").only("pk", "starts_at", "title", "kind")
    )
    memberships = list(
        Membership.objects.filter(body_id=body.pk, role__in=SEATED_ROLES)
        .select_related("person", "organisation")
        .order_by("person__name", "pk")
    )
    rows = defaultdict(dict)
    for membership_id, meeting_id, status, deputy_name in Attendance.objects.filter(
        meeting__in=[m.pk for m in held]
    ).values_list("membership_id", "meeting_id", "status", "deputy__name"):
        rows[meeting_id][membership_id] = (status, deputy_name)

    overall, quarters, per_meeting = Tally(), {}, []
    members = {m.pk: MemberStats(m) for m in memberships}
    for meeting in held:
        on = timezone.localdate(meeting.starts_at)
        quarter = quarters.setdefault((on.year, (on.month - 1) // 3 + 1), PeriodStats(f"{on.year} Q{(on.month - 1) // 3 + 1}"))
        quarter.meetings += 1
        this = PeriodStats(f"{on:%-d %b %Y}", meetings=1)
        for membership in memberships:
            if not membership.is_active_on(on):
                continue
            status, deputy_name = rows[meeting.pk].get(membership.pk, (AttendanceStatus.ABSENT, None))
            for tally in (overall, quarter.tally, this.tally, members[membership.pk].tally):
                tally.add(status)
            members[membership.pk].recent.append(status)
            if deputy_name:
                members[membership.pk].deputies[deputy_name] += 1
        per_meeting.append(this)

    member_stats = None
    if with_members:
        today = timezone.localdate()
        verdicts = {v.membership.pk: v for v in evaluate_all(body_ids=[body.pk], on=today)}
        member_stats = [s for s in members.values() if s.tally.expected or s.membership.is_active_on(today)]
        for stats in member_stats:
            stats.verdict = verdicts.get(stats.membership.pk)
    return BodyStats(
        rule=rule_for(body),
        overall=overall,
        quarters=list(quarters.values()),
        meetings=per_meeting,
        trend=trend([p.tally.rate for p in per_meeting]),
        members=member_stats,
    )
