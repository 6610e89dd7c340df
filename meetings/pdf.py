"""The agenda pack: a meeting's agenda with the list of its papers, as one printable PDF.

WeasyPrint renders a template; its URL fetcher only reads the project's own static files, so
nothing a user typed (a title, a venue) can make the server fetch a URL or read another file.
"""

import functools
import logging
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from partnerships.policy import body_policy

from . import services
from .policy import meeting_policy

STATIC_DIR = Path(settings.BASE_DIR) / "static"
# Every PDF the portal writes is tagged (a structure tree of headings, lists, tables, in reading
# order) and declares PDF/UA-1, so screen readers can read agenda packs, reports, minutes and
# self-assessments as they read the pages (issue 8: the PDFs were untagged).
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
# WeasyPrint logs every rendering step at INFO; the portal's log wants only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


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


@functools.cache
def static_only_fetcher_class():
    """WeasyPrint's URL fetcher, serving files under static/ and refusing everything else
    (http, data:, any other file). WeasyPrint is imported here, when a pack is first made:
    it takes most of a second, which no other page should pay."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = static_file_for(url)
            if path is None:
                raise ValueError(f"The agenda pack only uses the portal's static files; refused {url[:200]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    return StaticOnlyFetcher


def render_pdf(html):
    """PDF bytes of an HTML document whose relative URLs resolve under static/."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=static_only_fetcher_class()())
    return document.write_pdf(**PDF_OPTIONS)


def agenda_items(user, meeting):
    """The agenda as `user` may read it: items in order, each with the papers the user may
    open, every paper marked with `late` (services.paper_is_late) and `type_label`."""
    items = list(meeting_policy.visible_items_with_papers(user, meeting))
    for item in items:
        for paper in item.papers.all():
            paper.late = services.paper_is_late(paper)
            paper.type_label = services.paper_type_label(paper)
    return items


def agenda_pack(user, meeting):
    """The agenda pack of `meeting` as `user` may read it, as PDF bytes. The caller checks
    that the user may see the meeting and its agenda (meeting_policy.can_see_agenda)."""
    items = agenda_items(user, meeting)
    papers = [paper for item in items for paper in item.papers.all()]
    html = render_to_string("meetings/pdf/agenda_pack.html", {
        "meeting": meeting,
        "items": items,
        "papers": papers,
        "late_papers": [paper for paper in papers if paper.late],
        "joint_bodies": list(body_policy.visible(user, meeting.joint_with.all()).order_by("name")),
        "papers_due_days": settings.PAPERS_DUE_DAYS,
        "printed_at": timezone.now(),
        "portal_name": settings.PORTAL_NAME,
    })
    return render_pdf(html)


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
