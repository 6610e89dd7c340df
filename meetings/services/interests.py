"""Declarations of interest: a register per person; declarations against an agenda item.

Every function validates before it saves and raises ValidationError with a message a clerk can
act on; nothing is half-written when it does."""


from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import (
    Declaration,
    RegisteredInterest,
)
from .minutes import newest_minutes


def register_interest(person, *, category, description, registered_on=None):
    interest = RegisteredInterest(
        person=person, category=category, description=(description or "").strip(),
        registered_on=registered_on or timezone.localdate(),
    )
    interest.full_clean()
    interest.save()
    return interest


def end_interest(interest, *, on):
    if on < interest.registered_on:
        raise ValidationError({"ended_on": "An interest cannot end before it was registered."})
    interest.ended_on = on
    interest.full_clean()
    interest.save(update_fields=["ended_on"])
    return interest


def _require_minutes_open(meeting):
    minutes = newest_minutes(meeting)
    if minutes is not None and minutes.is_locked:
        raise ValidationError(
            "The minutes of this meeting are approved, and declarations are part of them: make a "
            "correction to the minutes first."
        )


def declare_interest(item, person, nature, description, interest=None, left_the_room=False):
    """Record that `person` declared an interest in an agenda item (shown in the minutes)."""
    meeting = item.meeting
    _require_minutes_open(meeting)
    if interest is not None:
        if interest.person_id != person.pk:
            raise ValidationError({"interest": f"That registered interest is not {person}'s."})
        on = timezone.localdate(meeting.starts_at)
        if interest.registered_on > on or (interest.ended_on and interest.ended_on < on):
            raise ValidationError({"interest": "That interest was not on the register on the day of the meeting."})
    description = (description or "").strip() or (interest.description if interest else "")
    declaration = Declaration(
        item=item, person=person, nature=nature, description=description,
        interest=interest, left_the_room=left_the_room,
    )
    declaration.full_clean()
    declaration.save()
    return declaration


def remove_declaration(declaration):
    _require_minutes_open(declaration.item.meeting)
    declaration.delete()
