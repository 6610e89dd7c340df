"""Permission matrix rows for the quarterly performance reports: executives and staff only; the
public and the bodies' members never list, follow or download a report (it holds unpublished
quarters)."""

import atexit
import shutil
import tempfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import override_settings

OK, LOGIN, HIDDEN, POST_ONLY = 200, 302, 404, 405

READERS = {"anonymous": LOGIN, "member": HIDDEN, "officer": HIDDEN, "executive": OK, "staff": OK, "admin": OK}
POST_ONLY_SIGNED_IN = {
    "anonymous": LOGIN, "member": POST_ONLY, "officer": POST_ONLY, "executive": POST_ONLY, "staff": POST_ONLY,
    "admin": POST_ONLY,
}
# A one-page PDF, small enough to write out by hand.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
_MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-matrix-media-")
atexit.register(shutil.rmtree, _MEDIA_ROOT, True)


def _use_temporary_media_root():
    """The World lives for one test with no teardown of its own: MEDIA_ROOT points at a
    temporary directory for the rest of the run (removed at exit), so the matrix writes nothing
    into the project's var/. Re-applied when a test's settings fixture has undone it."""
    if str(settings.MEDIA_ROOT) != _MEDIA_ROOT:
        override_settings(MEDIA_ROOT=_MEDIA_ROOT).enable()


def extend_world(world):
    from performance.models import CommunityStrategy, PerformanceReport, ReportStatus

    _use_temporary_media_root()
    strategy = CommunityStrategy.objects.create(
        name="Carlisle Community Plan", slug="carlisle-community-plan", partnership=world.public_body,
        period_start="2008-04-01", period_end="2011-03-31",
    )
    report = PerformanceReport(strategy=strategy, period="2009Q3", status=ReportStatus.DONE, pages=1)
    report.file.save("matrix-2009Q3.pdf", ContentFile(MINIMAL_PDF), save=False)
    report.save()
    world.finished_report = report


def _report(world):
    return {"pk": world.finished_report.pk}


ROWS = {
    "performance:reports": (None, READERS),
    "performance:report-request": (None, POST_ONLY_SIGNED_IN),
    "performance:report-status": (_report, READERS),
    "performance:report-download": (_report, READERS),
}
