"""A member's own meetings: their bodies, coming meetings, minutes to read, actions, attendance,
and the seat they may send apologies or a deputy from.

What a user may see comes from meetings/policy.py (meeting_policy); these functions only
shape it. Each list costs a fixed number of queries, whatever the number of meetings."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    F,
    IntegerField,
    Prefetch,
    Q,
    When,
)
from django.utils import timezone

from partnerships.models import Membership

from ..attendance import counts_as_attended, describe_rule, evaluate_memberships
from ..models import (
    Action,
    ActionStatus,
    Attendance,
    Meeting,
    MinutesStatus,
)
from ..policy import meeting_policy
from ..services.members import apologies_closed
from .scope import current_minutes


def _my_memberships(user, on=None):
    return Membership.objects.active_on(on or timezone.localdate()).filter(person__user=user)


def my_bodies(user):
    """The user's current seats, with their bodies."""
    return _my_memberships(user).select_related("body", "organisation").order_by("body__name", "role")


def my_upcoming_meetings(user, *, limit=10):
    """The next meetings of the user's bodies with the agenda items and papers the user may
    read."""
    bodies = _my_memberships(user).values("body_id")
    joint = Meeting.joint_with.through.objects.filter(body_id__in=bodies).values("meeting_id")
    now = timezone.now()
    return list(
        meeting_policy.visible(user)
        .filter(Q(body_id__in=bodies) | Q(pk__in=joint), starts_at__gte=now)
        .select_related("body")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=meeting_policy.visible_agenda_items(user).prefetch_related(
                    Prefetch("papers", queryset=meeting_policy.visible_papers(user))
                ),
            )
        )
        .order_by("starts_at", "pk")[:limit]
    )


def my_minutes_to_read(user, *, limit=20):
    """Draft and approved, not yet published, minutes of the user's bodies."""
    bodies = _my_memberships(user).values("body_id")
    return list(
        current_minutes(user)
        .filter(meeting__body_id__in=bodies, status__in=[MinutesStatus.DRAFT, MinutesStatus.APPROVED])
        .select_related("meeting__body")
        .order_by("-meeting__starts_at")[:limit]
    )


def my_actions(user):
    """Actions the user owns, open ones first, soonest due first."""
    return (
        Action.objects.filter(owner__user=user)
        .select_related("meeting__body", "item")
        .annotate(open_first=Case(When(status=ActionStatus.OPEN, then=0), default=1, output_field=IntegerField()))
        .order_by("open_first", F("due").asc(nulls_last=True), "pk")
    )


@dataclass
class AttendanceRecord:
    """One seat's record against the attendance rule: the meetings the rule judged, newest
    first, each with the seat's attendance (None: not recorded, so absent) and whether it
    counted."""

    membership: Membership
    verdict: object
    rule_text: str
    meetings: list


def my_attendance(user):
    """The user's current seats, each with the attendance rule's verdict (one home:
    meetings/attendance/rule.py) and the attendance behind it. Officers and observers do not sit
    on a body, so the rule does not judge them."""
    memberships = list(_my_memberships(user).seated().select_related("body", "person").order_by("body__name"))
    verdicts = evaluate_memberships(memberships)
    recorded = {
        (a.membership_id, a.meeting_id): a
        for a in Attendance.objects.filter(
            membership__in=memberships, meeting_id__in=[m.pk for v in verdicts for m in v.meetings]
        ).select_related("deputy")
    } if memberships else {}
    records = []
    for verdict in verdicts:
        rows = []
        for held in reversed(verdict.meetings):
            attendance = recorded.get((verdict.membership.pk, held.pk))
            rows.append((held, attendance, counts_as_attended(verdict.rule, attendance and attendance.status)))
        records.append(AttendanceRecord(verdict.membership, verdict, describe_rule(verdict.rule), rows))
    return records


# --- A member's apologies ----------------------------------------------------------------

def takes_apologies(meeting):
    """Whether members may still send apologies or a deputy for `meeting` (services.apologies_closed)."""
    return apologies_closed(meeting) is None


def apologies_seat(user, meeting):
    """The seat (my_seat_at) from which the user may send apologies for `meeting`, while it
    takes them; None otherwise, without a query for a visitor or a past meeting."""
    if not user.is_authenticated or not takes_apologies(meeting):
        return None
    return my_seat_at(user, meeting)


def my_seat_at(user, meeting):
    """The user's seat on the meeting's body on the day of the meeting (the register's row for
    them), with its designated deputy; None when they hold none."""
    return (
        _my_memberships(user, timezone.localdate(meeting.starts_at))
        .seated()
        .filter(body_id=meeting.body_id)
        .select_related("person", "designated_deputy", "body")
        .order_by("pk")
        .first()
    )


def my_apologies(user, meetings):
    """For each of these coming meetings where the user holds a seat on its body, what they
    sent: {meeting pk: (membership, attendance or None)}. Two queries."""
    if not meetings:
        return {}
    seats = {}
    for membership in (
        Membership.objects.filter(person__user=user, body_id__in={m.body_id for m in meetings})
        .seated()
        .select_related("designated_deputy")
        .order_by("pk")
    ):
        seats.setdefault(membership.body_id, []).append(membership)
    found = {}
    for meeting in meetings:
        on = timezone.localdate(meeting.starts_at)
        membership = next((m for m in seats.get(meeting.body_id, []) if m.is_active_on(on)), None)
        if membership is not None:
            found[meeting.pk] = membership
    sent = {
        (a.meeting_id, a.membership_id): a
        for a in Attendance.objects.filter(
            meeting_id__in=list(found), membership__in=list(found.values())
        ).select_related("deputy")
    } if found else {}
    return {pk: (membership, sent.get((pk, membership.pk))) for pk, membership in found.items()}
