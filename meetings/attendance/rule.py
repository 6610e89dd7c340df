"""The attendance rule: `evaluate_membership`, `evaluate_memberships` and `evaluate_all` are
its one home (see the package docstring for how it reads the record)."""

import datetime
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from partnerships.models import Body, Membership, Person

from ..models import Attendance, AttendanceRule, AttendanceStatus, Meeting, MeetingStatus


def rule_for(body):
    """The body's attendance rule; an unsaved rule with the model's (Carlisle) defaults when the
    body has none. The defaults live in one place: AttendanceRule's field defaults."""
    return rules_for([body.pk]).get(body.pk) or AttendanceRule(body=body)


def rules_for(body_ids):
    """{body id: rule} for the bodies among `body_ids` (None: all) that have a rule row."""
    rules = AttendanceRule.objects.all()
    if body_ids is not None:
        rules = rules.filter(body_id__in=list(body_ids))
    return {rule.body_id: rule for rule in rules}


def describe_rule(rule):
    """E.g. "2 of every 4 held meetings; a deputy's attendance counts"."""
    counts = []
    if rule.deputy_counts:
        counts.append("a deputy's attendance counts")
    if rule.apologies_count:
        counts.append("apologies count")
    text = f"{rule.minimum} of every {rule.window} held meetings"
    return f"{text}; {' and '.join(counts)}" if counts else f"{text}; only the member in person counts"


def counts_as_attended(rule, status):
    return (
        status == AttendanceStatus.PRESENT
        or (status == AttendanceStatus.DEPUTY and rule.deputy_counts)
        or (status == AttendanceStatus.APOLOGIES and rule.apologies_count)
    )


class HeldMeeting(NamedTuple):
    pk: int
    date: datetime.date


@dataclass(frozen=True)
class Verdict:
    """What the rule says about one membership: the meetings it judged, oldest first, how many
    of them counted as attended, and whether the seat is flagged for review."""

    membership: Membership
    rule: AttendanceRule
    meetings: tuple[HeldMeeting, ...]
    attended: int
    flagged: bool

    @property
    def window_complete(self):
        return len(self.meetings) >= self.rule.window

    @property
    def last_meeting(self):
        return self.meetings[-1] if self.meetings else None

    @property
    def last_meeting_id(self):
        return self.meetings[-1].pk if self.meetings else None

    def __str__(self):
        return f"{self.membership.person}: attended {self.attended} of {len(self.meetings)}"


def _end_of_day(on):
    return timezone.make_aware(datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min))


def _counted_statuses(rules):
    """Statuses some rule counts: only those rows need reading (a missing row is an absence)."""
    statuses = {AttendanceStatus.PRESENT}
    for rule in rules:
        if rule.deputy_counts:
            statuses.add(AttendanceStatus.DEPUTY)
        if rule.apologies_count:
            statuses.add(AttendanceStatus.APOLOGIES)
    return statuses


def _evaluate(memberships, rules, meetings, attendances, *, on):
    """The rule, set-based: a query each for rules, memberships, held meetings and the attendance
    rows that count, then each membership's window is cut from its body's meetings in Python.
    The flagged memberships come with their person and body (two more queries)."""
    memberships = list(memberships)
    for body_id in {m.body_id for m in memberships} - rules.keys():
        rules[body_id] = AttendanceRule(body_id=body_id)
    by_body = defaultdict(list)
    for pk, body_id, starts_at in meetings.values_list("pk", "body_id", "starts_at"):
        by_body[body_id].append(HeldMeeting(pk, timezone.localdate(starts_at)))
    for held in by_body.values():
        held.sort(key=lambda m: (m.date, m.pk))
    dates = {body_id: [m.date for m in held] for body_id, held in by_body.items()}
    statuses = {
        (membership_id, meeting_id): status
        for membership_id, meeting_id, status in attendances.filter(
            status__in=_counted_statuses(rules.values())
        ).values_list("membership_id", "meeting_id", "status")
    }

    counted = {body_id: {s for s in AttendanceStatus.values if counts_as_attended(rule, s)} for body_id, rule in rules.items()}
    verdicts = []
    for membership in memberships:
        body_id, pk = membership.body_id, membership.pk
        rule = rules[body_id]
        held = by_body.get(body_id, ())
        body_dates = dates.get(body_id, ())
        last_day = min(on, membership.end) if membership.end else on
        first = bisect_left(body_dates, membership.start)
        last = bisect_right(body_dates, last_day)
        window = tuple(held[max(first, last - rule.window):last])
        attended = sum(1 for meeting in window if statuses.get((pk, meeting.pk)) in counted[body_id])
        verdicts.append(Verdict(membership, rule, window, attended, len(window) >= rule.window and attended < rule.minimum))
    # The callers name the flagged seats and their bodies: load those (two queries), not all.
    flagged = [v.membership for v in verdicts if v.flagged]
    for field, model in (("person", Person), ("body", Body)):
        missing = [m for m in flagged if not getattr(Membership, field).is_cached(m)]
        if missing:
            loaded = model.objects.in_bulk({getattr(m, f"{field}_id") for m in missing})
            for membership in missing:
                setattr(membership, field, loaded[getattr(membership, f"{field}_id")])
    return verdicts


def _held_by(on):
    return Meeting.objects.filter(status=MeetingStatus.HELD, starts_at__lt=_end_of_day(on))


def evaluate_memberships(memberships, *, on=None):
    """The rule's verdicts on these memberships (of any bodies, current or past) as at `on`
    (today), in their order. A fixed number of queries however many there are."""
    on = on or timezone.localdate()
    memberships = list(memberships)
    body_ids = {m.body_id for m in memberships}
    return _evaluate(
        memberships,
        rules_for(body_ids),
        _held_by(on).filter(body_id__in=body_ids),
        Attendance.objects.filter(membership__in=[m.pk for m in memberships], meeting__status=MeetingStatus.HELD),
        on=on,
    )


def evaluate_membership(membership, *, on=None):
    """The rule's verdict on one membership as at `on` (today)."""
    (verdict,) = evaluate_memberships([membership], on=on)
    return verdict


def evaluate_all(*, body_ids=None, on=None):
    """The rule's verdicts on every seated membership active on `on` (today), of every body or
    of `body_ids`. A fixed number of queries whatever the number of memberships."""
    on = on or timezone.localdate()
    memberships = Membership.objects.active_on(on).seated().order_by("body_id", "pk")
    held = _held_by(on)
    if body_ids is not None:
        body_ids = list(body_ids)
        memberships = memberships.filter(body_id__in=body_ids)
        held = held.filter(body_id__in=body_ids)
    rules = rules_for(body_ids)
    # Every seat evaluated is held on `on`, so its window is among its body's latest meetings:
    # read only those (the database ranks them), not the body's whole history.
    depth = max([rule.window for rule in rules.values()] + [AttendanceRule._meta.get_field("window").default])
    recent = held.annotate(
        recency=Window(RowNumber(), partition_by=[F("body_id")], order_by=[F("starts_at").desc(), F("pk").desc()])
    ).filter(recency__lte=depth)
    return _evaluate(
        memberships, rules, recent, Attendance.objects.filter(meeting__in=recent.values("pk")), on=on
    )
