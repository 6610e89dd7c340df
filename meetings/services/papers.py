"""Papers: type and size checked on upload, stored under a random name outside any URL; removed
files deleted once the removal commits.

Every function validates before it saves and raises ValidationError with a message a clerk can
act on; nothing is half-written when it does."""

import datetime
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from ..models import (
    Paper,
)
from .revisions import check_revision, item_label, record_revision
from .schedule import lock_meeting


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
        meeting = lock_meeting(item.meeting)
        check_revision(meeting, revision)
        if meeting.agenda_is_published:
            paper.published_at = timezone.now()
        uploaded_file.seek(0)
        # A random name: nothing about the paper can be guessed from where it is stored.
        paper.file.save(f"{uuid.uuid4().hex}.{paper_type.extension}", uploaded_file, save=False)
        try:
            paper.save()
            what = "a paper" if item.confidential else f"the paper “{paper.title}”"
            record_revision(meeting, revision, f"Added {what} to {item_label(item)}.")
        except BaseException:
            paper.file.storage.delete(paper.file.name)
            raise
    return paper


def delete_files_on_commit(names):
    names = [name for name in names if name]
    storage = Paper._meta.get_field("file").storage
    for name in names:
        transaction.on_commit(lambda name=name: storage.delete(name))


def remove_paper(paper, *, revision=None):
    """Delete a paper and, once that is committed, its file."""
    with transaction.atomic():
        item = paper.item
        locked = lock_meeting(item.meeting)
        check_revision(locked, revision)
        name = paper.file.name
        paper.delete()
        what = "a paper" if item.confidential else f"the paper “{paper.title}”"
        record_revision(locked, revision, f"Removed {what} from {item_label(item)}.")
        delete_files_on_commit([name])


def papers_due_by(meeting):
    """When a meeting's papers are due: PAPERS_DUE_DAYS (five clear days in UK practice) before it."""
    return meeting.starts_at - datetime.timedelta(days=settings.PAPERS_DUE_DAYS)


def paper_is_late(paper):
    """Published after the papers were due (papers_due_by); the one test of "papers late"."""
    return paper.published_at is not None and paper.published_at > papers_due_by(paper.item.meeting)
