"""Writes for the meeting cycle: meetings, agendas and papers, publication (now or scheduled),
minutes with their decisions and actions, declarations of interest.

Every function validates before it saves and raises ValidationError with a message a clerk can
act on; nothing is half-written when it does (each runs in one transaction, and a paper's file
is removed again if its row cannot be saved).
"""

import datetime
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, ProtectedError, Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from partnerships.models import SEATED_ROLES

from .dates import meeting_date_problem
from .models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaRevision,
    Attendance,
    AttendanceStatus,
    Decision,
    Declaration,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinuteEntry,
    Minutes,
    MinutesStatus,
    Paper,
    RegisteredInterest,
)

# ---------------------------------------------------------------------------------------------
# Meetings


def _validate_meeting(meeting, joint_with):
    errors = {}
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = "The meeting must end after it starts: check the finishing time and date."
    if joint_with is not None:
        if any(body.pk == meeting.body_id for body in joint_with):
            errors["joint_with"] = f"{meeting.body} is the body holding the meeting: choose the other bodies."
        elif meeting.kind == MeetingKind.JOINT and not joint_with:
            errors["joint_with"] = "Choose the bodies that meet jointly with this one."
    if errors:
        raise ValidationError(errors)
    meeting.full_clean()


SERIES_REPEATS = {"weeks", "monthly"}


def _add_months(day, months):
    """The same day `months` later; the month's last day when it is shorter (31 January, then
    28 February)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return day.replace(year=year, month=month, day=min(day.day, last))


def series_starts(starts_at, *, repeat, until, every=1):
    """The start of each meeting of a series: `starts_at`, then every `every` weeks or
    (repeat="monthly") each month on the same day, up to and including the date `until`, at the
    same local time. ValidationError if the series runs past a year or outside the dates a meeting
    can have (dates.meeting_date_range)."""
    if repeat not in SERIES_REPEATS:
        raise ValidationError({"repeat": "Choose how often the meetings repeat."})
    if repeat == "weeks" and not (every and 1 <= every <= 26):
        raise ValidationError({"every": "Choose a number of weeks from 1 to 26."})
    local = timezone.localtime(starts_at)
    first = local.date()
    if until is None or until <= first:
        raise ValidationError({"repeat_until": "Choose a last date after the first meeting."})
    year_later = _add_months(first, 12)
    if until > year_later:
        raise ValidationError(
            {"repeat_until": f"A series can run for a year at most: choose a date up to {year_later:%-d %B %Y}."}
        )
    problem = meeting_date_problem(until)
    if problem:
        raise ValidationError({"repeat_until": problem})
    days, n = [], 0
    while True:
        day = first + datetime.timedelta(weeks=every * n) if repeat == "weeks" else _add_months(first, n)
        if day > until:
            break
        days.append(day)
        n += 1
    naive = timezone.make_naive(starts_at)
    return [timezone.make_aware(datetime.datetime.combine(day, naive.time())) for day in days]


def create_meeting_series(body, *, repeat, until, every=1, joint_with=(), **fields):
    """Schedule a series of meetings of `body` (series_starts), all or none, each as
    create_meeting would; the list of meetings in date order."""
    starts = series_starts(fields["starts_at"], repeat=repeat, until=until, every=every)
    length = fields["ends_at"] - fields["starts_at"] if fields.get("ends_at") else None
    joint_with = list(joint_with)
    meetings = []
    with transaction.atomic():
        for start in starts:
            end = start + length if length is not None else None
            meetings.append(create_meeting(body, joint_with=joint_with, **{**fields, "starts_at": start, "ends_at": end}))
    return meetings


def create_meeting(body, *, joint_with=(), **fields):
    """Schedule a meeting of `body`; `fields` are the Meeting's (starts_at, ends_at, kind...)."""
    meeting = Meeting(body=body, **fields)
    joint_with = list(joint_with)
    _validate_meeting(meeting, joint_with)
    with transaction.atomic():
        meeting.save()
        meeting.joint_with.set(joint_with)
    return meeting


def _status_change_error(meeting, old_status):
    new = meeting.status
    if new == old_status:
        return None
    if old_status == MeetingStatus.HELD and new == MeetingStatus.CANCELLED:
        return "This meeting was held: it cannot be cancelled afterwards."
    if new == MeetingStatus.HELD and meeting.starts_at > timezone.now():
        return "This meeting has not started yet: it can be marked as held once it has taken place."
    if old_status == MeetingStatus.HELD and meeting.minutes_versions.exists():
        return "This meeting has minutes: it stays marked as held."
    return None


def update_meeting(meeting, *, joint_with=None, **fields):
    """Change a meeting's details; a change of status follows cancel/held rules."""
    old_status = Meeting.objects.values_list("status", flat=True).get(pk=meeting.pk)
    for field, value in fields.items():
        setattr(meeting, field, value)
    joint_with = None if joint_with is None else list(joint_with)
    if joint_with is None and meeting.kind == MeetingKind.JOINT:
        joint_with = list(meeting.joint_with.all())
    error = _status_change_error(meeting, old_status)
    if error:
        raise ValidationError({"status": error})
    _validate_meeting(meeting, joint_with)
    with transaction.atomic():
        meeting.save()
        if joint_with is not None:
            meeting.joint_with.set(joint_with)
    return meeting


def cancel_meeting(meeting):
    """Cancel a meeting that has not been held; its agenda and papers are kept."""
    return update_meeting(meeting, status=MeetingStatus.CANCELLED)


def mark_meeting_held(meeting):
    return update_meeting(meeting, status=MeetingStatus.HELD)


# ---------------------------------------------------------------------------------------------
# Agenda items

ITEM_FIELDS = {"title", "presenter", "purpose", "description", "confidential", "exempt_reason"}
# Positions move out of the way by this much while an agenda is renumbered, because the
# (meeting, position) uniqueness is checked row by row.
_POSITION_OFFSET = 10000


def _lock_meeting(meeting):
    """Serialise changes to one meeting's agenda (positions, publication)."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _item_fields(fields):
    unknown = set(fields) - ITEM_FIELDS
    if unknown:
        raise TypeError(f"Unknown agenda item fields: {', '.join(sorted(unknown))}")
    return fields


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


def _item_label(item):
    # A confidential item's title is for the body's members: the revision names only its number.
    return f"item {item.position} (confidential)" if item.confidential else f"item {item.position}, “{item.title}”"


def _revise(meeting, revision, change):
    """Record a change to a published agenda (inside the change's transaction)."""
    if revision is None or not meeting.agenda_is_published:
        return None
    check_revision(meeting, revision)
    by = revision.by if getattr(revision.by, "is_authenticated", False) else None
    return AgendaRevision.objects.create(
        meeting=meeting, made_by=by, change=change[:500], reason=revision.reason.strip()[:300]
    )


def add_agenda_item(meeting, title, *, revision=None, **fields):
    """Add an item at the end of the agenda."""
    with transaction.atomic():
        locked = _lock_meeting(meeting)
        check_revision(locked, revision)
        last = meeting.items.aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem(meeting=meeting, position=last + 1, title=title, **_item_fields(fields))
        item.full_clean()
        item.save()
        _revise(locked, revision, f"Added {_item_label(item)}.")
    return item


def update_agenda_item(item, *, revision=None, **fields):
    for field, value in _item_fields(fields).items():
        setattr(item, field, value)
    item.full_clean()
    with transaction.atomic():
        locked = _lock_meeting(item.meeting)
        check_revision(locked, revision)
        item.save()
        _revise(locked, revision, f"Changed {_item_label(item)}.")
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
        locked = _lock_meeting(meeting)
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
            _revise(locked, revision, "Added the standard items: " + ", ".join(f"“{item.title}”" for item in added) + ".")
        elif order != current:
            _revise(locked, revision, "Put the standard items in their usual places.")
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
        locked = _lock_meeting(meeting)
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
        _revise(locked, revision, f"Copied {len(copies)} items from the agenda of "
                f"{timezone.localtime(previous.starts_at):%-d %B %Y}.")
    return copies


def _set_positions(meeting, ordered_ids):
    AgendaItem.objects.filter(meeting=meeting).update(position=F("position") + _POSITION_OFFSET)
    items = [AgendaItem(pk=pk, position=position) for position, pk in enumerate(ordered_ids, start=1)]
    AgendaItem.objects.bulk_update(items, ["position"])


def reorder_agenda(meeting, item_ids):
    """Put the agenda in the order of `item_ids` (every item of the meeting, once)."""
    with transaction.atomic():
        _lock_meeting(meeting)
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
        locked = _lock_meeting(item.meeting)
        check_revision(locked, revision)
        ids = list(item.meeting.items.order_by("position").values_list("pk", flat=True))
        index = ids.index(item.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(ids):
            label = _item_label(item)
            ids[index], ids[other] = ids[other], ids[index]
            _set_positions(item.meeting, ids)
            _revise(locked, revision, f"Moved {label}, {direction} to number {other + 1}.")
    item.refresh_from_db(fields=["position"])
    return item


def remove_agenda_item(item, *, revision=None):
    """Delete an item and its papers; the items after it move up."""
    meeting = item.meeting
    with transaction.atomic():
        locked = _lock_meeting(meeting)
        check_revision(locked, revision)
        files = list(item.papers.values_list("file", flat=True))
        label = _item_label(item)
        try:
            item.delete()
        except ProtectedError:
            raise ValidationError(
                f"“{item.title}” has minutes or decisions recorded against it, so it stays on the agenda."
            ) from None
        _set_positions(meeting, meeting.items.order_by("position").values_list("pk", flat=True))
        _revise(locked, revision, f"Removed {label} and its papers.")
        _delete_files_on_commit(files)


# ---------------------------------------------------------------------------------------------
# Papers: type and size checked on upload, stored under a random name outside any URL.


@dataclass(frozen=True)
class PaperType:
    extension: str
    content_type: str
    label: str
    kind: str  # how its bytes are checked: pdf, ooxml, odf, text
    marker: str = ""  # the ZIP member (OOXML) or mimetype (ODF) that proves the format


PAPER_TYPES = {
    t.extension: t
    for t in [
        PaperType("pdf", "application/pdf", "PDF", "pdf"),
        PaperType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "Word document", "ooxml", "word/"),
        PaperType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "Excel spreadsheet", "ooxml", "xl/"),
        PaperType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                  "PowerPoint presentation", "ooxml", "ppt/"),
        PaperType("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text", "odf",
                  "application/vnd.oasis.opendocument.text"),
        PaperType("ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet", "odf",
                  "application/vnd.oasis.opendocument.spreadsheet"),
        PaperType("odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument presentation", "odf",
                  "application/vnd.oasis.opendocument.presentation"),
        PaperType("csv", "text/csv", "CSV", "text"),
        PaperType("txt", "text/plain", "Text", "text"),
    ]
}
ACCEPTED_TYPES = "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument, CSV or plain text"
# Markup that a browser would run if it were ever shown inline: never accepted as "text".
_MARKUP_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<iframe")


def paper_type_label(paper):
    """What kind of file a paper is, for people: "PDF", "Word document"..."""
    for paper_type in PAPER_TYPES.values():
        if paper_type.content_type == paper.content_type:
            return paper_type.label
    return "File"


def _read_all(uploaded_file):
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    return data


def _zip_matches(paper_type, uploaded_file):
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = archive.namelist()
            if paper_type.kind == "ooxml":
                # Macro-enabled documents carry a VBA project; a .docx never should.
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    return False
                return "[Content_Types].xml" in names and any(name.startswith(paper_type.marker) for name in names)
            # ODF: a "mimetype" member holding the document's media type.
            info = archive.getinfo("mimetype")
            if info.file_size > 200:
                return False
            return archive.read(info).decode("ascii", "replace").strip() == paper_type.marker
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError,
            RuntimeError, NotImplementedError):
        return False  # not a ZIP, a damaged one, or an encrypted one
    finally:
        uploaded_file.seek(0)


def _matches(paper_type, uploaded_file):
    if paper_type.kind == "pdf":
        uploaded_file.seek(0)
        head = uploaded_file.read(5)
        uploaded_file.seek(0)
        return head == b"%PDF-"
    if paper_type.kind == "text":
        data = _read_all(uploaded_file)
        if b"\x00" in data:
            return False
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
        return not text.lstrip().lower().encode().startswith(_MARKUP_STARTS)
    return _zip_matches(paper_type, uploaded_file)


def _original_name(name):
    # Browsers may send a path (old IE) or control characters; keep a plain, short file name.
    name = PurePath(str(name or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"')
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = stem[: 250 - len(ext)] + dot + ext if dot else name[:255]
    return name or "paper"


def check_paper_file(uploaded_file):
    """The PaperType of an upload, or ValidationError on the "file" field saying why it is
    refused: too big, empty, a type papers cannot be, or bytes that do not match its name."""
    name = _original_name(uploaded_file.name)
    extension = PurePath(name).suffix.lower().lstrip(".")
    paper_type = PAPER_TYPES.get(extension)
    if paper_type is None:
        described = f"“.{extension}” files" if extension else "Files without an extension"
        raise ValidationError(
            {"file": f"{described} cannot be uploaded as papers. Upload {ACCEPTED_TYPES}."}
        )
    if not uploaded_file.size:
        raise ValidationError({"file": f"{name} is empty: choose the file again, or save it again first."})
    if uploaded_file.size > settings.PAPER_MAX_BYTES:
        raise ValidationError(
            {"file": f"{name} is {filesizeformat(uploaded_file.size)}; papers can be at most "
             f"{filesizeformat(settings.PAPER_MAX_BYTES)}. Reduce its size (for example by saving "
             "images at a lower resolution) or split it."}
        )
    if not _matches(paper_type, uploaded_file):
        raise ValidationError(
            {"file": f"{name} is not a real {paper_type.label} file: its contents do not match its "
             f"name. Save it again as {paper_type.label} and upload that."
             + (" Text files must be saved as UTF-8." if paper_type.kind == "text" else "")}
        )
    return paper_type


def upload_paper(item, uploaded_file, title="", *, revision=None):
    """Attach a paper to an agenda item. If the agenda is already published the paper is
    published at once (and may be late, see paper_is_late)."""
    paper_type = check_paper_file(uploaded_file)
    original = _original_name(uploaded_file.name)
    paper = Paper(
        item=item,
        title=(title or "").strip() or PurePath(original).stem[:300],
        original_name=original,
        content_type=paper_type.content_type,
        size=uploaded_file.size,
    )
    paper.full_clean(exclude=["file"])
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting)
        check_revision(meeting, revision)
        if meeting.agenda_is_published:
            paper.published_at = timezone.now()
        uploaded_file.seek(0)
        # A random name: nothing about the paper can be guessed from where it is stored.
        paper.file.save(f"{uuid.uuid4().hex}.{paper_type.extension}", uploaded_file, save=False)
        try:
            paper.save()
            what = "a paper" if item.confidential else f"the paper “{paper.title}”"
            _revise(meeting, revision, f"Added {what} to {_item_label(item)}.")
        except BaseException:
            paper.file.storage.delete(paper.file.name)
            raise
    return paper


def _delete_files_on_commit(names):
    names = [name for name in names if name]
    storage = Paper._meta.get_field("file").storage
    for name in names:
        transaction.on_commit(lambda name=name: storage.delete(name))


def remove_paper(paper, *, revision=None):
    """Delete a paper and, once that is committed, its file."""
    with transaction.atomic():
        item = paper.item
        locked = _lock_meeting(item.meeting)
        check_revision(locked, revision)
        name = paper.file.name
        paper.delete()
        what = "a paper" if item.confidential else f"the paper “{paper.title}”"
        _revise(locked, revision, f"Removed {what} from {_item_label(item)}.")
        _delete_files_on_commit([name])


def papers_due_by(meeting):
    """When a meeting's papers are due: PAPERS_DUE_DAYS (five clear days in UK practice) before it."""
    return meeting.starts_at - datetime.timedelta(days=settings.PAPERS_DUE_DAYS)


def paper_is_late(paper):
    """Published after the papers were due (papers_due_by); the one test of "papers late"."""
    return paper.published_at is not None and paper.published_at > papers_due_by(paper.item.meeting)


# ---------------------------------------------------------------------------------------------
# Publication: now, or at a time staff choose (publish_due runs every five minutes).


def _publish_agenda_now(meeting, now):
    """Publish the agenda and its unpublished papers at `now`; False if it already was."""
    with transaction.atomic():
        published = Meeting.objects.filter(pk=meeting.pk, agenda_published_at__isnull=True).update(
            agenda_published_at=now, agenda_publish_at=None
        )
        if published:
            Paper.objects.filter(item__meeting=meeting, published_at__isnull=True).update(published_at=now)
    meeting.refresh_from_db(fields=["agenda_published_at", "agenda_publish_at"])
    return bool(published)


def check_agenda_publishable(meeting):
    """ValidationError saying why the agenda cannot be published (or scheduled), if it cannot."""
    if meeting.agenda_is_published:
        raise ValidationError(
            f"The agenda was already published on {timezone.localtime(meeting.agenda_published_at):%-d %B %Y at %H:%M}."
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled: its agenda is not published.")


def publish_agenda(meeting, at=None):
    """Publish the agenda and its papers now, or schedule it for `at`."""
    now = timezone.now()
    check_agenda_publishable(meeting)
    if at is not None and at > now:
        Meeting.objects.filter(pk=meeting.pk).update(agenda_publish_at=at)
        meeting.agenda_publish_at = at
        return meeting
    _publish_agenda_now(meeting, now)
    return meeting


def unschedule_agenda(meeting):
    """Keep the agenda as a draft: forget a scheduled publication."""
    Meeting.objects.filter(pk=meeting.pk).update(agenda_publish_at=None)
    meeting.agenda_publish_at = None
    return meeting


def _publish_minutes_now(minutes, now):
    published = Minutes.objects.filter(pk=minutes.pk, status=MinutesStatus.APPROVED).update(
        status=MinutesStatus.PUBLISHED, published_at=now, publish_at=None
    )
    minutes.refresh_from_db(fields=["status", "published_at", "publish_at"])
    return bool(published)


def check_minutes_publishable(minutes):
    """ValidationError saying why the minutes cannot be published (or scheduled), if they cannot."""
    if minutes.status == MinutesStatus.DRAFT:
        raise ValidationError("These minutes are a draft: they can be published once a later meeting approves them.")
    if minutes.status == MinutesStatus.PUBLISHED:
        raise ValidationError("These minutes are already published.")


def publish_minutes(minutes, at=None):
    """Publish approved minutes now, or schedule them for `at`."""
    check_minutes_publishable(minutes)
    now = timezone.now()
    if at is not None and at > now:
        Minutes.objects.filter(pk=minutes.pk).update(publish_at=at)
        minutes.publish_at = at
        return minutes
    _publish_minutes_now(minutes, now)
    return minutes


def publish_due(now=None):
    """Publish the agendas and approved minutes whose scheduled time has passed. Idempotent:
    each is published once however often (or however concurrently) this runs."""
    now = now or timezone.now()
    agendas = Meeting.objects.filter(agenda_published_at__isnull=True, agenda_publish_at__lte=now).exclude(
        status=MeetingStatus.CANCELLED
    )
    published_agendas = sum(_publish_agenda_now(meeting, now) for meeting in agendas)
    minutes = Minutes.objects.filter(status=MinutesStatus.APPROVED, publish_at__lte=now)
    published_minutes = sum(_publish_minutes_now(version, now) for version in minutes)
    return {"agendas": published_agendas, "minutes": published_minutes}


# ---------------------------------------------------------------------------------------------
# Minutes: draft -> approved (at a later meeting) -> published; corrections are new versions.


def newest_minutes(meeting):
    """The newest version of a meeting's minutes, or None."""
    return meeting.minutes_versions.order_by("-version").first()


def _require_draft(minutes):
    if minutes.is_locked:
        raise ValidationError(
            f"Version {minutes.version} of these minutes is {minutes.get_status_display().lower()}: its text "
            "cannot change. Make a correction instead, giving the reason."
        )


def _require_item_of(minutes, item):
    if item is not None and item.meeting_id != minutes.meeting_id:
        raise ValidationError({"item": "That agenda item belongs to another meeting."})


def start_minutes(meeting, user):
    """Begin version 1 of a meeting's minutes as a draft."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled: it has no minutes.")
    with transaction.atomic():
        _lock_meeting(meeting)
        existing = newest_minutes(meeting)
        if existing is not None:
            if existing.status == MinutesStatus.DRAFT:
                raise ValidationError(f"A draft of these minutes (version {existing.version}) is already open.")
            raise ValidationError("These minutes are approved: to change them, make a correction.")
        minutes = Minutes(meeting=meeting, version=1, created_by=user if user and user.is_authenticated else None)
        minutes.full_clean()
        minutes.save()
    return minutes


def save_minute_entry(minutes, item, text):
    """Set the minute for one agenda item (None: the general minute); empty text removes it."""
    _require_draft(minutes)
    _require_item_of(minutes, item)
    text = (text or "").strip()
    with transaction.atomic():
        entry = minutes.entries.filter(item=item).first()
        if not text:
            if entry is not None:
                entry.delete()
            return None
        if entry is not None and entry.text == text:
            return entry
        entry = entry or MinuteEntry(minutes=minutes, item=item)
        entry.text = text
        entry.full_clean()
        entry.save()
    return entry


def save_minutes_text(minutes, texts):
    """Save several entries at once ({agenda item or None: text}); all or none are saved. Draft
    minutes with no quorum recorded take it from the attendance register, once there is one."""
    _require_draft(minutes)
    with transaction.atomic():
        for item, text in texts.items():
            save_minute_entry(minutes, item, text)
        if minutes.quorate is None and minutes.meeting.attendances.exists():
            record_quorum(minutes)


def save_draft(minutes, texts, then=None):
    """Save the minute texts and, in the same transaction, call `then()` (what else the draft
    page's one form asked: add or remove a decision, a declaration, an action): both or neither.
    Returns what `then` returns."""
    with transaction.atomic():
        save_minutes_text(minutes, texts)
        return then() if then is not None else None


def add_decision(minutes, item, text):
    _require_draft(minutes)
    _require_item_of(minutes, item)
    decision = Decision(minutes=minutes, item=item, text=(text or "").strip())
    decision.full_clean()
    decision.save()
    return decision


def remove_decision(decision):
    _require_draft(decision.minutes)
    decision.delete()


def add_action(minutes, item, text, owner=None, due=None):
    """Record an action agreed at the meeting (while its minutes are a draft)."""
    _require_draft(minutes)
    _require_item_of(minutes, item)
    meeting = minutes.meeting
    if due is not None and due < timezone.localdate(meeting.starts_at):
        raise ValidationError({"due": "An action cannot be due before the meeting that agreed it."})
    action = Action(meeting=meeting, item=item, text=(text or "").strip(), owner=owner, due=due)
    action.full_clean()
    action.save()
    return action


def update_action_status(action, status):
    """Record an action's progress; allowed at any time, also after the minutes are approved."""
    action.status = status
    action.full_clean()
    action.save(update_fields=["status", "updated_at"])
    return action


def remove_action(action):
    minutes = newest_minutes(action.meeting)
    if minutes is not None:
        _require_draft(minutes)
    action.delete()


def record_quorum(minutes):
    """Record in the draft minutes whether the meeting was quorate, from its attendance."""
    from .quorum import quorum_status

    _require_draft(minutes)
    status = quorum_status(minutes.meeting)
    minutes.quorate = status.quorate
    minutes.save(update_fields=["quorate"])
    return status


def approval_meetings(minutes, now=None):
    """Meetings at which `minutes` may be approved: later, not cancelled, already come
    (on or before today), of the same body or a joint meeting that includes it."""
    meeting = minutes.meeting
    today = timezone.localdate(now or timezone.now())
    tomorrow = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min))
    body_ids = [meeting.body_id, *meeting.joint_with.values_list("pk", flat=True)]
    return (
        Meeting.objects.filter(Q(body_id__in=body_ids) | Q(joint_with__in=body_ids))
        .filter(starts_at__gt=meeting.starts_at, starts_at__lt=tomorrow)
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(pk=meeting.pk)
        .select_related("body")
        .distinct()
        .order_by("starts_at")
    )


def approve_minutes(minutes, at_meeting):
    """Approve draft minutes at a later meeting; their text is locked from then on."""
    _require_draft(minutes)
    if not approval_meetings(minutes).filter(pk=at_meeting.pk).exists():
        raise ValidationError(
            {"at_meeting": "Minutes are approved at a later meeting of the same body (or a joint meeting "
             "including it) that has already taken place: choose one of those."}
        )
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at_meeting = at_meeting
    minutes.approved_on = timezone.localdate(at_meeting.starts_at)
    minutes.full_clean()
    minutes.save()
    return minutes


def correct_minutes(minutes, reason, user):
    """Start a correction of approved minutes: a new draft version copying the text, decisions
    and entries, saying why. The approved version stays as it was."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the minutes are being corrected: the reason is kept with them."})
    if not minutes.is_locked:
        raise ValidationError("This version is still a draft: change it directly.")
    with transaction.atomic():
        _lock_meeting(minutes.meeting)
        newest = newest_minutes(minutes.meeting)
        if newest.pk != minutes.pk:
            raise ValidationError(
                f"Version {newest.version} is newer ({newest.get_status_display().lower()}): correct that one."
            )
        correction = Minutes(
            meeting=minutes.meeting,
            version=minutes.version + 1,
            quorate=minutes.quorate,
            supersedes=minutes,
            correction_reason=reason,
            created_by=user if user and user.is_authenticated else None,
        )
        correction.full_clean()
        correction.save()
        MinuteEntry.objects.bulk_create(
            MinuteEntry(minutes=correction, item_id=e.item_id, text=e.text) for e in minutes.entries.all()
        )
        Decision.objects.bulk_create(
            Decision(minutes=correction, item_id=d.item_id, text=d.text) for d in minutes.decisions.all()
        )
    return correction


# ---------------------------------------------------------------------------------------------
# Declarations of interest: a register per person; declarations against an agenda item.


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



# ---------------------------------------------------------------------------------------------
# A member's own part: apologies, or a deputy, for a coming meeting; their own actions.

# What a member may send (and take back) for themselves; the rest is the clerk's record.
SENT_BY_MEMBERS = (AttendanceStatus.APOLOGIES, AttendanceStatus.DEPUTY)

def _require_coming(meeting):
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled: there is nothing to send apologies for.")
    if meeting.starts_at <= timezone.now():
        raise ValidationError("This meeting has started: the clerk records who attended.")


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
