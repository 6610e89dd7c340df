"""Performance: the quarterly report pages, for executives and staff only (everyone else gets
"not found"). Request a quarter's report, follow its progress without reloading (htmx polls the
status every two seconds; without JavaScript a Refresh link does the same), list the reports
per quarter and download the finished ones."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from partnerships.access import signed_in
from performance.policy import performance_policy, report_get_for_user

from .. import reporting
from ..forms import ReportRequestForm
from ..models import CommunityStrategy, Measurement, PerformanceReport, ReportStatus
from ..periods import Quarter


def _require_reader(user):
    if not performance_policy.can_download_reports(user):
        raise Http404("Not found.")


def _form(data=None):
    strategies = CommunityStrategy.objects.order_by("-period_start")
    # The newest quarter with any return is the one most often wanted.
    latest = Measurement.objects.aggregate(latest=Max("period"))["latest"]
    return ReportRequestForm(data, strategies=strategies, initial_period=latest)


def _annotate(reports):
    """Each report with its file's `size` (None when not done or the file has gone) and its
    quarter's `period_label`."""
    for report in reports:
        report.period_label = Quarter.parse(report.period).label()
        report.size = None
        if report.status == ReportStatus.DONE and report.file:
            try:
                report.size = report.file.size
            except OSError:
                pass  # the file has gone: the list says so rather than failing
    return reports


def _list_page(request, form, status=200):
    reports = _annotate(list(
        performance_policy.visible_reports(request.user)
        .select_related("strategy", "requested_by")
        .order_by("strategy__name", "-period", "-requested_at")
    ))
    return render(request, "performance/reports/list.html", {"form": form, "reports": reports}, status=status)


@signed_in
def report_list(request):
    _require_reader(request.user)
    return _list_page(request, _form())


@signed_in
@require_POST
def report_request(request):
    _require_reader(request.user)
    form = _form(request.POST)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    try:
        report, created = reporting.request_report(
            strategy=form.cleaned_data["strategy"], period=form.cleaned_data["period"], user=request.user
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _list_page(request, form, status=400)
    if not created:
        messages.info(request, f"A report for {report.period} is already being made: this is its progress.")
    return redirect("performance:report-status", pk=report.pk)


@signed_in
def report_status(request, pk):
    report = report_get_for_user(request.user, pk, PerformanceReport.objects.select_related("strategy", "requested_by"))
    _annotate([report])
    filings = reporting.report_filings(report) if report.status == ReportStatus.DONE else []
    context = {"report": report, "filings": filings}
    if request.htmx:
        return render(request, "performance/reports/_status.html", context)
    return render(request, "performance/reports/status.html", context)


@signed_in
def report_download(request, pk):
    report = report_get_for_user(request.user, pk)
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404("The report is not ready.")
    try:
        handle = report.file.open("rb")
    except OSError:
        raise Http404("The report's file is missing.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=f"{report.strategy.slug}-performance-report-{report.period}.pdf",
        content_type="application/pdf",
    )
    # Never kept by a shared cache or the browser's history: it holds unpublished quarters.
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("reports/", report_list, name="reports"),
    path("reports/request/", report_request, name="report-request"),
    path("reports/<int:pk>/", report_status, name="report-status"),
    path("reports/<int:pk>/download/", report_download, name="report-download"),
]
