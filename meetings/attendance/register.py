"""Recording attendance: the register of a meeting, row by row or whole, deputies, guests."""

from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from partnerships.models import Membership, Person

from ..models import Attendance, AttendanceStatus, Guest, Meeting, MeetingStatus
from ..signals import attendance_recorded


class Recorded(NamedTuple):
    """One saved attendance row and the warning to show about it ("" when none)."""

    attendance: Attendance
    warning: str


class RegisterError(ValidationError):
    """Problems with rows of a whole register, as {membership id: [messages]}."""

    def __init__(self, errors):
        self.by_membership = errors
        super().__init__([message for messages in errors.values() for message in messages])


def meeting_date(meeting):
    return timezone.localdate(meeting.starts_at)


def attendance_problems(*, body, on, membership, status, deputy):
    """What is wrong with recording this attendance at `body`'s meeting on `on`, as
    {field: message}; empty when it can be recorded. The page and the CSV import share it."""
    person = membership.person
    if membership.body_id != body.pk:
        return {"membership": f"{person} is not a member of {body}."}
    if not membership.is_active_on(on):
        return {"membership": f"{person} was not a member of {body} on {on:%-d %B %Y}."}
    if status not in AttendanceStatus.values:
        allowed = ", ".join(AttendanceStatus.values)
        return {"status": f"Unknown status {status!r}: use one of {allowed}."}
    if status == AttendanceStatus.DEPUTY and deputy is None:
        return {"deputy": f"Name the deputy who attended for {person}."}
    if status != AttendanceStatus.DEPUTY and deputy is not None:
        return {"deputy": f"Name a deputy only when {person} was represented by one."}
    if deputy is not None and deputy.pk == membership.person_id:
        return {"deputy": f"{person} cannot be their own deputy."}
    return {}


# Before a meeting starts only what is known in advance can be recorded: apologies, and the
# deputy a member has nominated to attend in their place. Who was present or absent is known
# once the meeting has begun.
RECORDED_IN_ADVANCE = (AttendanceStatus.APOLOGIES, AttendanceStatus.DEPUTY)


def too_early_problems(meeting, status, now=None):
    """{field: message} when `status` cannot be recorded yet because `meeting` has not started;
    empty otherwise."""
    if status in RECORDED_IN_ADVANCE or meeting.starts_at <= (now or timezone.now()):
        return {}
    starts = timezone.localtime(meeting.starts_at)
    label = AttendanceStatus(status).label.lower()
    return {"status": (
        f"The meeting has not started yet (it starts on {starts:%-d %B %Y at %H:%M}): "
        f"“{label}” can be recorded once it has begun. Before then, record only apologies or a deputy."
    )}


def deputy_warning(membership, deputy):
    """Seed 004 asks for a designated deputy for every representative: say when someone else
    stood in. Not an error: the register records who actually came."""
    if deputy is None or deputy.pk == membership.designated_deputy_id:
        return ""
    person = membership.person
    if membership.designated_deputy_id is None:
        return f"{deputy} attended for {person}, who has no designated deputy."
    return f"{deputy} is not {person}'s designated deputy ({membership.designated_deputy})."


def _record(meeting, membership, status, deputy, note, existing):
    """Validate and save one row (None when nothing changed); raises ValidationError."""
    problems = attendance_problems(
        body=meeting.body, on=meeting_date(meeting), membership=membership, status=status, deputy=deputy
    ) or too_early_problems(meeting, status)
    if problems:
        raise ValidationError(problems)
    attendance = existing or Attendance(meeting=meeting, membership=membership)
    deputy_id = deputy.pk if deputy else None
    if existing and (existing.status, existing.deputy_id, existing.note) == (status, deputy_id, note):
        return None
    attendance.status, attendance.deputy, attendance.note = status, deputy, note
    attendance.full_clean(validate_unique=existing is None)
    attendance.save()
    return attendance


def _check_meeting(meeting):
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("The meeting was cancelled: there is no attendance to record.")


def _lock_register(meeting):
    """Saves of one meeting's register take turns: two saves of a row not yet recorded would
    both insert (one failing on the unique constraint), and each would read rows the other is
    writing. Call inside the transaction; SQLite's IMMEDIATE transactions already take turns."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk").first()


def _after_recording(meeting):
    # The register is the evidence a meeting took place: a scheduled meeting that has started
    # becomes held once attendance is recorded. Apologies sent in advance change nothing.
    if meeting.status == MeetingStatus.SCHEDULED and meeting.starts_at <= timezone.now():
        Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.SCHEDULED).update(status=MeetingStatus.HELD)
        meeting.status = MeetingStatus.HELD
    attendance_recorded.send(sender=Meeting, meeting=meeting)


def record_attendance(*, meeting, membership, status, deputy=None, note=""):
    """Record one member's attendance at a meeting (replacing what was recorded before) and
    queue the attendance review. Returns Recorded(attendance, warning)."""
    _check_meeting(meeting)
    with transaction.atomic():
        _lock_register(meeting)
        existing = Attendance.objects.filter(meeting=meeting, membership=membership).first()
        saved = _record(meeting, membership, status, deputy, note or "", existing)
        if saved is not None:
            _after_recording(meeting)
        return Recorded(saved or existing, deputy_warning(membership, deputy))


def record_register(*, meeting, entries):
    """Record a meeting's whole register: `entries` are dicts with membership, status, deputy
    and note. Every row or none; raises RegisterError naming the rows that are wrong. Returns
    the Recorded rows that changed."""
    _check_meeting(meeting)
    with transaction.atomic():
        _lock_register(meeting)
        existing = {
            a.membership_id: a
            for a in Attendance.objects.filter(meeting=meeting, membership__in=[e["membership"] for e in entries])
        }
        recorded, errors = [], {}
        for entry in entries:
            membership, deputy = entry["membership"], entry.get("deputy")
            try:
                saved = _record(
                    meeting, membership, entry["status"], deputy, entry.get("note") or "",
                    existing.get(membership.pk),
                )
            except ValidationError as error:
                errors[membership.pk] = error.messages
                continue
            if saved is not None:
                recorded.append(Recorded(saved, deputy_warning(membership, deputy)))
        if errors:
            raise RegisterError(errors)
        if recorded:
            _after_recording(meeting)
        return recorded


def add_guest(*, meeting, name, organisation="", role=""):
    """Someone who attended without a seat, e.g. presenting an item."""
    with transaction.atomic():
        guest = Guest(meeting=meeting, name=name.strip(), organisation=organisation.strip(), role=role.strip())
        guest.full_clean()
        guest.save()
        return guest


def remove_guest(guest):
    guest.delete()


# Reads for the attendance page --------------------------------------------------------------


@dataclass
class RegisterRow:
    membership: Membership
    attendance: Attendance | None


def register(meeting):
    """The meeting's register: the body's seated members on the meeting date, each with their
    attendance (None when not recorded), in name order. Fixed query count."""
    on = meeting_date(meeting)
    memberships = (
        Membership.objects.filter(body_id=meeting.body_id)
        .active_on(on)
        .seated()
        .select_related("person", "organisation", "designated_deputy")
        .order_by("person__name", "pk")
    )
    attendances = {
        a.membership_id: a
        for a in Attendance.objects.filter(meeting=meeting).select_related("deputy")
    }
    rows = []
    for membership in memberships:
        row = attendances.get(membership.pk)
        if row is not None:
            row.membership = membership  # already loaded: deputy_is_designated needs it
        rows.append(RegisterRow(membership, row))
    return rows


def register_membership(meeting, pk):
    """A membership of the meeting's body, for one row of its register; None if the body has
    no such membership."""
    return (
        Membership.objects.filter(body_id=meeting.body_id, pk=pk)
        .select_related("person", "organisation", "designated_deputy")
        .first()
    )


def deputy_candidates(meeting, memberships):
    """People offered as deputies on the register: the members' designated deputies, anyone
    who has deputised at this body's meetings, and people from the members' organisations."""
    on = meeting_date(meeting)
    organisations = [m.organisation_id for m in memberships if m.organisation_id]
    member_people = [m.person_id for m in memberships]
    return list(
        Person.objects.filter(
            Q(pk__in=[m.designated_deputy_id for m in memberships if m.designated_deputy_id])
            | Q(attended_as_deputy__meeting__body_id=meeting.body_id)
            | Q(
                pk__in=Membership.objects.active_on(on)
                .filter(organisation_id__in=organisations)
                .values("person_id")
            )
        )
        .exclude(pk__in=member_people)
        .distinct()
        .order_by("name", "pk")
        .only("pk", "name")
    )


def people_at_meeting(meeting):
    """Ids of the people the register puts at a meeting: those who held a place on its body (or,
    for a joint meeting, on the other bodies) on the meeting date, and the deputies recorded
    for them. The minutes offer them first when asking who declared an interest or owns an
    action."""
    on = meeting_date(meeting)
    bodies = [meeting.body_id, *meeting.joint_with.values_list("pk", flat=True)]
    held_a_place = Membership.objects.filter(body_id__in=bodies).active_on(on).values("person_id")
    deputies = Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.DEPUTY).values("deputy_id")
    return set(Person.objects.filter(Q(pk__in=held_a_place) | Q(pk__in=deputies)).values_list("pk", flat=True))


def guests(meeting):
    return list(meeting.guests.all())
