"""Agenda items: adding, editing, ordering and removing them, the standard items and a copy of the
last agenda; every change to a published agenda recorded as a revision with its reason.

Every function validates before it saves and raises ValidationError with a message a clerk can
act on; nothing is half-written when it does."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, ProtectedError
from django.utils import timezone

from ..models import (
    AgendaItem,
    Meeting,
    MeetingStatus,
)
from .papers import delete_files_on_commit
from .revisions import check_revision, item_label, record_revision
from .schedule import lock_meeting

ITEM_FIELDS = {"title", "presenter", "purpose", "description", "confidential", "exempt_reason"}
# Positions move out of the way by this much while an agenda is renumbered, because the
# (meeting, position) uniqueness is checked row by row.
_POSITION_OFFSET = 10000


def _item_fields(fields):
    unknown = set(fields) - ITEM_FIELDS
    if unknown:
        raise TypeError(f"Unknown agenda item fields: {', '.join(sorted(unknown))}")
    return fields


def add_agenda_item(meeting, title, *, revision=None, **fields):
    """Add an item at the end of the agenda."""
    with transaction.atomic():
        locked = lock_meeting(meeting)
        check_revision(locked, revision)
        last = meeting.items.aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem(meeting=meeting, position=last + 1, title=title, **_item_fields(fields))
        item.full_clean()
        item.save()
        record_revision(locked, revision, f"Added {item_label(item)}.")
    return item


def update_agenda_item(item, *, revision=None, **fields):
    for field, value in _item_fields(fields).items():
        setattr(item, field, value)
    item.full_clean()
    with transaction.atomic():
        locked = lock_meeting(item.meeting)
        check_revision(locked, revision)
        item.save()
        record_revision(locked, revision, f"Changed {item_label(item)}.")
    return item


# The standard items of a business meeting, in their usual places: the first three open the
# agenda, any other business closes it. `match` recognises one already there, however titled.
@dataclass(frozen=True)
class StandardItem:
    title: str
    purpose: str
    match: tuple
    at_end: bool = False


STANDARD_ITEMS = [
    StandardItem("Apologies for absence", "information", ("apologies",)),
    StandardItem("Declarations of interest", "information", ("declaration",)),
    StandardItem("Minutes of the last meeting", "decision", ("minutes of the last", "minutes of the previous")),
    StandardItem("Any other business", "discussion", ("any other business", "aob"), at_end=True),
]
MINUTES_ITEM = STANDARD_ITEMS[2]


def _is_standard(item, standard):
    title = item.title.strip().lower()
    return any(title.startswith(word) for word in standard.match)


def previous_meeting(meeting):
    """The body's meeting before `meeting` (not a cancelled one), or None: the one whose minutes
    the next agenda approves and whose agenda it may copy."""
    return (
        Meeting.objects.filter(body_id=meeting.body_id, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED).exclude(pk=meeting.pk).order_by("-starts_at").first()
    )


def add_standard_items(meeting, *, revision=None):
    """Add the standard items the agenda lacks, in their usual places (apologies, declarations
    and the last meeting's minutes first, any other business last); the minutes item is linked to
    the previous meeting (AgendaItem.minutes_of). The items added, in agenda order."""
    previous = previous_meeting(meeting)
    with transaction.atomic():
        locked = lock_meeting(meeting)
        check_revision(locked, revision)
        items = list(meeting.items.order_by("position"))
        found, added = {}, []
        for standard in STANDARD_ITEMS:
            found[standard] = next((item for item in items if _is_standard(item, standard)), None)
        last = max((item.position for item in items), default=0)
        for standard in STANDARD_ITEMS:
            if found[standard] is not None:
                continue
            if standard is MINUTES_ITEM and previous is None:
                continue  # a body's first meeting has no minutes to approve
            last += 1
            item = AgendaItem(meeting=meeting, position=last, title=standard.title, purpose=standard.purpose)
            item.full_clean()
            item.save()
            found[standard] = item
            added.append(item)
        minutes_item = found[MINUTES_ITEM]
        if minutes_item is not None and minutes_item.minutes_of_id is None and previous is not None:
            minutes_item.minutes_of = previous
            minutes_item.save(update_fields=["minutes_of"])
        top = [found[s] for s in STANDARD_ITEMS if not s.at_end and found[s] is not None]
        end = [found[s] for s in STANDARD_ITEMS if s.at_end and found[s] is not None]
        placed = {item.pk for item in top + end}
        rest = [item for item in [*items, *added] if item.pk not in placed]
        order = [item.pk for item in top + rest + end]
        current = list(meeting.items.order_by("position").values_list("pk", flat=True))
        if order != current:
            _set_positions(meeting, order)
        if added:
            record_revision(locked, revision, "Added the standard items: " + ", ".join(f"“{item.title}”" for item in added) + ".")
        elif order != current:
            record_revision(locked, revision, "Put the standard items in their usual places.")
    for item in added:
        item.refresh_from_db(fields=["position"])
    return sorted(added, key=lambda item: item.position)


def copy_previous_agenda(meeting, *, revision=None):
    """Give an empty agenda the items of the body's previous meeting (titles, purposes,
    presenters, confidentiality; not descriptions or papers). Its "minutes of the last meeting"
    item then approves that previous meeting's minutes. The items created."""
    previous = previous_meeting(meeting)
    if previous is None:
        raise ValidationError(f"{meeting.body} has no earlier meeting to copy an agenda from.")
    with transaction.atomic():
        locked = lock_meeting(meeting)
        check_revision(locked, revision)
        if meeting.items.exists():
            raise ValidationError(
                "This agenda already has items: the last meeting's agenda can be copied only onto an empty agenda."
            )
        source = list(previous.items.order_by("position"))
        if not source:
            raise ValidationError(
                f"The previous meeting ({timezone.localtime(previous.starts_at):%-d %B %Y}) has no agenda items to copy."
            )
        copies = []
        for position, item in enumerate(source, start=1):
            copy = AgendaItem(
                meeting=meeting, position=position, title=item.title, purpose=item.purpose, presenter=item.presenter,
                confidential=item.confidential, exempt_reason=item.exempt_reason,
                minutes_of=previous if (item.minutes_of_id or _is_standard(item, MINUTES_ITEM)) else None,
            )
            copy.full_clean()
            copies.append(copy)
        AgendaItem.objects.bulk_create(copies)
        record_revision(locked, revision, f"Copied {len(copies)} items from the agenda of "
                f"{timezone.localtime(previous.starts_at):%-d %B %Y}.")
    return copies


def _set_positions(meeting, ordered_ids):
    AgendaItem.objects.filter(meeting=meeting).update(position=F("position") + _POSITION_OFFSET)
    items = [AgendaItem(pk=pk, position=position) for position, pk in enumerate(ordered_ids, start=1)]
    AgendaItem.objects.bulk_update(items, ["position"])


def reorder_agenda(meeting, item_ids):
    """Put the agenda in the order of `item_ids` (every item of the meeting, once)."""
    with transaction.atomic():
        lock_meeting(meeting)
        current = list(meeting.items.order_by("position").values_list("pk", flat=True))
        item_ids = [int(pk) for pk in item_ids]
        if sorted(item_ids) != sorted(current):
            raise ValidationError("The agenda changed while you were ordering it: reload the page and try again.")
        if item_ids != current:
            _set_positions(meeting, item_ids)


def move_agenda_item(item, direction, *, revision=None):
    """Move an item one place "up" or "down"; at either end it stays where it is."""
    if direction not in ("up", "down"):
        raise ValidationError(f"Unknown direction {direction!r}: use up or down.")
    with transaction.atomic():
        locked = lock_meeting(item.meeting)
        check_revision(locked, revision)
        ids = list(item.meeting.items.order_by("position").values_list("pk", flat=True))
        index = ids.index(item.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(ids):
            label = item_label(item)
            ids[index], ids[other] = ids[other], ids[index]
            _set_positions(item.meeting, ids)
            record_revision(locked, revision, f"Moved {label}, {direction} to number {other + 1}.")
    item.refresh_from_db(fields=["position"])
    return item


def remove_agenda_item(item, *, revision=None):
    """Delete an item and its papers; the items after it move up."""
    meeting = item.meeting
    with transaction.atomic():
        locked = lock_meeting(meeting)
        check_revision(locked, revision)
        files = list(item.papers.values_list("file", flat=True))
        label = item_label(item)
        try:
            item.delete()
        except ProtectedError:
            raise ValidationError(
                f"“{item.title}” has minutes or decisions recorded against it, so it stays on the agenda."
            ) from None
        _set_positions(meeting, meeting.items.order_by("position").values_list("pk", flat=True))
        record_revision(locked, revision, f"Removed {label} and its papers.")
        delete_files_on_commit(files)
