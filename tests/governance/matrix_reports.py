"""Permission matrix rows for the quarterly performance reports: executives and staff only; the
public and the bodies' members never list, follow or download a report (it holds unpublished
quarters)."""

from django.core.files.base import ContentFile

from .conftest import Write

OK, LOGIN, HIDDEN, POST_ONLY = 200, 302, 404, 405

READERS = {"anonymous": LOGIN, "member": HIDDEN, "officer": HIDDEN, "executive": OK, "staff": OK, "admin": OK, "outsider": HIDDEN}
POST_ONLY_SIGNED_IN = {
    "anonymous": LOGIN, "member": POST_ONLY, "officer": POST_ONLY, "executive": POST_ONLY, "staff": POST_ONLY,
    "admin": POST_ONLY, "outsider": POST_ONLY,
}
# A one-page PDF, small enough to write out by hand.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def extend_world(world):
    from performance.models import CommunityStrategy, PerformanceReport, ReportStatus

    strategy = CommunityStrategy.objects.create(
        name="Carlisle Community Plan", slug="carlisle-community-plan", partnership=world.public_body,
        period_start="2008-04-01", period_end="2011-03-31",
    )
    report = PerformanceReport(strategy=strategy, period="2009Q3", status=ReportStatus.DONE, pages=1)
    report.file.save("matrix-2009Q3.pdf", ContentFile(MINIMAL_PDF), save=False)
    report.save()
    world.finished_report = report
    world.report_strategy = strategy


def _report(world):
    return {"pk": world.finished_report.pk}


ROWS = {
    "performance:reports": (None, READERS),
    "performance:report-request": (None, POST_ONLY_SIGNED_IN),
    "performance:report-status": (_report, READERS),
    "performance:report-download": (_report, READERS),
}


def _reports(world):
    from performance.models import PerformanceReport

    return list(PerformanceReport.objects.order_by("pk").values_list("strategy", "period"))


WRITES = {
    "performance:report-request": Write(
        None, lambda w: {"strategy": w.report_strategy.pk, "period": "2009Q2"}, _reports,
        frozenset({"executive", "staff", "admin"}),
    ),
}
