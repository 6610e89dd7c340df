"""A member's own part: apologies, or a deputy, for a coming meeting; their own actions.

Every function validates before it saves and raises ValidationError with a message a clerk can
act on; nothing is half-written when it does."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partnerships.models import SEATED_ROLES

from ..models import (
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
)
from .minutes import update_action_status

# What a member may send (and take back) for themselves; the rest is the clerk's record.
SENT_BY_MEMBERS = (AttendanceStatus.APOLOGIES, AttendanceStatus.DEPUTY)

def apologies_closed(meeting):
    """Why members may no longer send apologies or a deputy for `meeting`, or None while they may."""
    if meeting.status == MeetingStatus.CANCELLED:
        return "This meeting was cancelled: there is nothing to send apologies for."
    if meeting.starts_at <= timezone.now():
        return "This meeting has started: the clerk records who attended."
    return None


def _require_coming(meeting):
    reason = apologies_closed(meeting)
    if reason:
        raise ValidationError(reason)


def _require_seat_at(meeting, membership):
    if (
        membership.body_id != meeting.body_id
        or membership.role not in SEATED_ROLES
        or not membership.is_active_on(timezone.localdate(meeting.starts_at))
    ):
        raise ValidationError(f"You hold no seat on {meeting.body} on the day of this meeting.")


def send_apologies(*, meeting, membership, deputy=None, note=""):
    """A member's apologies for a coming meeting of their body or, with `deputy`, the deputy
    attending in their place: the register shows them to the clerk. Replaces what the member
    sent before, never what the clerk recorded."""
    _require_coming(meeting)
    _require_seat_at(meeting, membership)
    if deputy is not None and deputy.pk == membership.person_id:
        raise ValidationError({"deputy": "You cannot be your own deputy: choose someone else."})
    with transaction.atomic():
        # Takes turns with the register's saves (attendance/register.py locks the same row).
        Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk").first()
        attendance = Attendance.objects.filter(meeting=meeting, membership=membership).first()
        if attendance is not None and attendance.status not in SENT_BY_MEMBERS:
            raise ValidationError(
                f"The clerk has recorded you as {attendance.get_status_display().lower()}: ask them to change it."
            )
        attendance = attendance or Attendance(meeting=meeting, membership=membership)
        attendance.status = AttendanceStatus.DEPUTY if deputy is not None else AttendanceStatus.APOLOGIES
        attendance.deputy, attendance.note = deputy, (note or "").strip()
        attendance.full_clean(validate_unique=attendance.pk is None)
        attendance.save()
    return attendance


def withdraw_apologies(*, meeting, membership):
    """Take back the apologies (or deputy) a member sent, before the meeting starts."""
    _require_coming(meeting)
    _require_seat_at(meeting, membership)
    deleted, _ = Attendance.objects.filter(
        meeting=meeting, membership=membership, status__in=SENT_BY_MEMBERS
    ).delete()
    if not deleted:
        raise ValidationError("You have sent no apologies for this meeting.")


def update_own_action(action, person, status):
    """The action's owner marks it done, or open again; dropping an action is the clerk's."""
    if person is None or action.owner_id != person.pk:
        raise ValidationError("Only the action's owner can mark it done.")
    if status not in (ActionStatus.DONE, ActionStatus.OPEN):
        raise ValidationError({"status": "Mark the action done, or open again."})
    if action.status == ActionStatus.DROPPED:
        raise ValidationError("The clerk dropped this action: ask them if it is still wanted.")
    return update_action_status(action, status)
