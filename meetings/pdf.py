"""The agenda pack: a meeting's agenda followed by its papers, as one printable PDF; and the
minutes as PDF.

WeasyPrint renders a template; its URL fetcher only reads the project's own static files, so
nothing a user typed (a title, a venue) can make the server fetch a URL or read another file.
"""

import functools
import io
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from partnerships.policy import body_policy

from . import services
from .models import Minutes
from .policy import meeting_policy
from .selectors import minutes_for_meeting

STATIC_DIR = Path(settings.BASE_DIR) / "static"
# Every PDF the portal writes is tagged (a structure tree of headings, lists, tables, in reading
# order) and declares PDF/UA-1, so screen readers can read agenda packs, reports, minutes and
# self-assessments as they read the pages (issue 8: the PDFs were untagged).
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
# WeasyPrint logs every rendering step at INFO; the portal's log wants only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logger = logging.getLogger(__name__)


def static_file_for(url):
    """The file under the project's static/ directory that a file: URL names, or None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(parts.path)).resolve()
    root = STATIC_DIR.resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


class RefusedURL(ValueError):
    """WeasyPrint asked for something a PDF of the portal does not use."""


def static_file_response(url):
    """WeasyPrint's response for a file under the project's static/ directory; RefusedURL for
    anything else (http, data:, any other file)."""
    from weasyprint.urls import URLFetcherResponse

    path = static_file_for(url)
    if path is None:
        raise RefusedURL(f"The portal's PDFs only use its static files; refused {url[:200]}")
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


@functools.cache
def _fetcher_class(fetch):
    # WeasyPrint 66+ wants a URLFetcher (it reads the fetcher's settings when a fetch fails).
    # WeasyPrint is imported when a PDF is first made: it takes most of a second, which no
    # other page should pay.
    from weasyprint.urls import URLFetcher

    class OnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return fetch(url)

    return OnlyFetcher


def only_fetcher(fetch=static_file_response):
    """A WeasyPrint URL fetcher that fetches through `fetch` (a URL to a response, raising
    RefusedURL) and nothing else, so that nothing a user typed (a title, a venue) can make the
    server fetch a URL or read another file."""
    return _fetcher_class(fetch)()


def html_document(html, fetch=static_file_response):
    """WeasyPrint's HTML of `html`, its relative URLs under static/, fetching only through `fetch`."""
    from weasyprint import HTML

    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=only_fetcher(fetch))


def render_pdf(html):
    """PDF bytes of an HTML document whose relative URLs resolve under static/."""
    return html_document(html).write_pdf(**PDF_OPTIONS)


def agenda_items(user, meeting):
    """The agenda as `user` may read it (meeting_policy.agenda: withheld confidential items
    in their places), every paper marked with `late` (services.paper_is_late) and `type_label`,
    and each "minutes of the last meeting" item with `last_minutes`: the newest version of those
    minutes the user may read, or None (for the public, published ones only)."""
    items = meeting_policy.agenda(user, meeting)
    readable = [item for item in items if not item.withheld]
    for item in readable:
        for paper in item.papers.all():
            paper.late = services.paper_is_late(paper)
            paper.type_label = services.paper_type_label(paper)
    minutes_of = {item.minutes_of_id for item in readable if item.minutes_of_id}
    newest = {}
    if minutes_of:
        versions = meeting_policy.visible_minutes(user, Minutes.objects.filter(meeting_id__in=minutes_of))
        for version in versions.order_by("meeting_id", "-version"):
            newest.setdefault(version.meeting_id, version)
    for item in readable:
        item.last_minutes = newest.get(item.minutes_of_id)
    return items


@dataclass
class Attachment:
    """A document merged into the agenda pack after the agenda: a PDF paper, or the minutes a
    "minutes of the last meeting" item approves."""

    item: object
    title: str
    reader: object
    first_page: int = 0


def _pdf_reader(data):
    """A pypdf reader of `data`, or None if it is not a PDF pypdf can read (damaged, or
    encrypted with a password)."""
    from pypdf import PdfReader  # only packs with papers need it: kept off the web process's start-up
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        if not len(reader.pages):
            return None
        return reader
    # A paper is whatever its author uploaded: pypdf meets damaged files with any of these, and
    # such a paper is listed in the pack as not included rather than failing the whole pack.
    except (PdfReadError, ValueError, TypeError, KeyError, OSError, NotImplementedError, RecursionError):
        return None


def _paper_reader(paper):
    try:
        with paper.file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError, OSError):
        logger.error("Paper %s has lost its file %s", paper.pk, paper.file.name)
        return None
    return _pdf_reader(data)


def _not_included_note(paper, why=""):
    extension = Path(paper.original_name).suffix.lower() or "no extension"
    return f"Not included: {paper.title} ({extension}){why}: download it from the agenda page"


def _attachments(user, items):
    """The documents the pack holds after the agenda, in agenda order; marks each paper with
    `included` or `not_included` (the note the pack prints in its place)."""
    attachments = []
    for item in items:
        if item.withheld:
            continue
        for paper in item.papers.all():
            paper.included, paper.not_included = False, ""
            if paper.content_type != "application/pdf":
                paper.not_included = _not_included_note(paper)
                continue
            reader = _paper_reader(paper)
            if reader is None:
                paper.not_included = _not_included_note(paper, ", as the file could not be read")
                continue
            paper.included = True
            attachments.append(Attachment(item, paper.title, reader))
        if getattr(item, "last_minutes", None) is not None:
            reading = minutes_for_meeting(user, item.minutes_of, version=item.last_minutes.version)
            if reading is not None:
                title = f"Minutes of the meeting on {timezone.localtime(item.minutes_of.starts_at):%-d %B %Y}"
                attachments.append(Attachment(item, title, _pdf_reader(minutes_pdf(item.minutes_of, reading))))
    return [attachment for attachment in attachments if attachment.reader is not None]


def _render_document(html):
    return html_document(html).render()


def _item_pages(document):
    """{anchor id: page index} for the agenda items' headings ("item-<position>")."""
    pages = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("item-"):
                pages.setdefault(anchor, index)
    return pages


def agenda_pack(user, meeting):
    """The agenda pack of `meeting` as `user` may read it, as PDF bytes: the agenda, then every
    PDF paper the user may open and the minutes the agenda approves, merged with pypdf, with a
    bookmark per item (other formats are listed as not included). The caller checks that the
    user may see the meeting and its agenda (meeting_policy.can_see_agenda)."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    items = agenda_items(user, meeting)
    readable = [item for item in items if not item.withheld]
    papers = [paper for item in readable for paper in item.papers.all()]
    attachments = _attachments(user, items)
    attached_pages = sum(len(attachment.reader.pages) for attachment in attachments)
    context = {
        "meeting": meeting,
        "items": items,
        "papers": papers,
        "late_papers": [paper for paper in papers if paper.late],
        "not_included": [paper for paper in papers if paper.not_included],
        "attachments": attachments,
        "joint_bodies": list(body_policy.visible(user, meeting.joint_with.all()).order_by("name")),
        "papers_due_days": settings.PAPERS_DUE_DAYS,
        "printed_at": timezone.now(),
        "portal_name": settings.PORTAL_NAME,
    }
    document = _render_document(render_to_string("meetings/pdf/agenda_pack.html", context))
    agenda_pages = len(document.pages)
    if attachments:
        # The footer counts the whole pack, the merged papers included: draw it again knowing that.
        context["pack_total"] = agenda_pages + attached_pages
        document = _render_document(render_to_string("meetings/pdf/agenda_pack.html", context))
    writer = PdfWriter(clone_from=io.BytesIO(document.write_pdf(**PDF_OPTIONS)))
    # The pack's own outline (below) replaces the one WeasyPrint drew from the headings.
    if "/Outlines" in writer._root_object:
        del writer._root_object[NameObject("/Outlines")]
    page = agenda_pages
    for attachment in attachments:
        attachment.first_page = page
        writer.append(attachment.reader, import_outline=False)
        page += len(attachment.reader.pages)
    for merged in writer.pages[agenda_pages:]:
        # The merged documents' own structure does not belong to the pack's structure tree.
        merged.pop("/StructParents", None)
    item_pages = _item_pages(document)
    writer.add_outline_item(title="Agenda", page_number=0)
    for item in items:
        label = f"Item {item.position}: exempt" if item.withheld else f"{item.position}. {item.title}"
        parent = writer.add_outline_item(title=label, page_number=item_pages.get(f"item-{item.position}", 0))
        for attachment in attachments:
            if attachment.item is item:
                writer.add_outline_item(title=attachment.title, page_number=attachment.first_page, parent=parent)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def minutes_pdf(meeting, reading):
    """The minutes as `reading` (selectors.minutes_for_meeting, already scoped to the reader)
    holds them, as PDF bytes: the same record as the minutes page, for printing and filing."""
    html = render_to_string("meetings/pdf/minutes.html", {
        "meeting": meeting,
        "reading": reading,
        "printed_at": timezone.now(),
        "portal_name": settings.PORTAL_NAME,
    })
    return render_pdf(html)
