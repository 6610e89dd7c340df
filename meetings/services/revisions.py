"""Revisions of a published agenda: any change after publication needs a reason, recorded with
who made it (AgendaRevision), so that readers of the agenda can see what changed and why."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from ..models import AgendaRevision


@dataclass(frozen=True)
class Revision:
    """Who changes an agenda and why: views pass one with every change, so that a change to a
    published agenda is recorded (AgendaRevision) and readers see its reason."""

    by: object
    reason: str = ""


def check_revision(meeting, revision):
    """ValidationError on "revision_reason" if `meeting`'s agenda is published and `revision`
    gives no reason. Changes made by no one in particular (revision None: imports, the demo)
    are not recorded."""
    if revision is not None and meeting.agenda_is_published and not (revision.reason or "").strip():
        raise ValidationError({"revision_reason": (
            "The agenda is published: say briefly why you are changing it. Readers of the agenda see the reason."
        )})


def item_label(item):
    # A confidential item's title is for the body's members: the revision names only its number.
    return f"item {item.position} (confidential)" if item.confidential else f"item {item.position}, “{item.title}”"


def record_revision(meeting, revision, change):
    """Record a change to a published agenda (inside the change's transaction)."""
    if revision is None or not meeting.agenda_is_published:
        return None
    check_revision(meeting, revision)
    by = revision.by if getattr(revision.by, "is_authenticated", False) else None
    return AgendaRevision.objects.create(
        meeting=meeting, made_by=by, change=change[:500], reason=revision.reason.strip()[:300]
    )
