"""Writes for the quarterly performance report: request one, render it (the Celery task's
work), and file the finished PDF to the next meeting of each body that receives the reports
(seed 001: the Thematic Partnerships and LSP Joint Chairs Group), so that no one has to carry
it there by hand.

A report moves queued -> rendering -> done, or -> failed with the error (and is retried); at
most one report per quarter is queued or rendering at a time (a conditional unique constraint).
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Meeting, MeetingStatus, Paper, Purpose
from outbox.services import send_on_commit

# The tasks module imports this one too: both name each other's functions only when called.
from . import tasks
from .models import PerformanceReport, ReportStatus
from .periods import Quarter
from .report import render_pdf_and_pages, report_document

logger = logging.getLogger(__name__)

IN_FLIGHT = (ReportStatus.QUEUED, ReportStatus.RENDERING)


def in_flight_report(strategy, period):
    """The quarter's report that is queued or rendering, if any."""
    return PerformanceReport.objects.filter(strategy=strategy, period=str(period), status__in=IN_FLIGHT).first()


def _check_period(strategy, period):
    try:
        quarter = Quarter.parse(period)
    except ValueError as error:
        raise ValidationError({"period": f"{error}."}) from None
    first, last = Quarter.containing(strategy.period_start), Quarter.containing(strategy.period_end)
    if not first <= quarter <= last:
        raise ValidationError({"period": (
            f"{quarter} is outside {strategy} ({first} to {last}): choose a quarter the strategy covers."
        )})
    if quarter > Quarter.containing(timezone.localdate()):
        raise ValidationError({"period": f"{quarter} has not started yet: choose a quarter that has."})
    return quarter


def request_report(*, strategy, period, user):
    """(report, created): the quarter's report being made, or a newly queued one whose render
    starts once this transaction commits. Asking again while one is queued or rendering
    returns that one, so a quarter is never rendered twice at once."""
    quarter = _check_period(strategy, period)
    for _ in range(3):
        existing = in_flight_report(strategy, quarter)
        if existing is not None:
            return existing, False
        report = PerformanceReport(strategy=strategy, period=str(quarter), requested_by=user)
        # The in-flight constraint is left to the database: two requests at the same moment both
        # pass a check here, and the insert is where exactly one of them wins.
        report.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                report.save()
                # In the insert's transaction: if the broker is down, the render waits in the
                # outbox and starts when it is back.
                send_on_commit(tasks.render_report_task, report.pk)
        except IntegrityError:
            continue  # another request won the race: return its report
        return report, True
    raise ValidationError("The report could not be requested just now: try again in a moment.")


def _error_text(error):
    return f"{type(error).__name__}: {error}"[:2000]


def _start(report):
    """Mark the report rendering; False if another report of its quarter is in flight (a failed
    report retried after someone asked again), in which case that one does the work."""
    report.status, report.started_at, report.finished_at, report.error = (
        ReportStatus.RENDERING, timezone.now(), None, ""
    )
    try:
        with transaction.atomic():
            report.save(update_fields=["status", "started_at", "finished_at", "error"])
    except IntegrityError:
        report.refresh_from_db()
        return False
    return True


def _fail(report, error):
    PerformanceReport.objects.filter(pk=report.pk).exclude(status=ReportStatus.DONE).update(
        status=ReportStatus.FAILED, error=_error_text(error), finished_at=timezone.now()
    )


def _store(report, *, fingerprint, pdf=None, pages=None, same_as=None):
    """Save the PDF (or point at `same_as`'s file, a render of the same content) and mark the
    report done, unless a redelivered copy of the task got there first (then its file stands
    and ours is not written)."""
    with transaction.atomic():
        current = PerformanceReport.objects.select_for_update().get(pk=report.pk)
        if current.status == ReportStatus.DONE:
            return current
        if same_as is not None:
            report.file, pages = same_as.file.name, same_as.pages
        else:
            name = f"{report.strategy.slug}-{report.period}-report-{report.pk}.pdf"
            report.file.save(name, ContentFile(pdf), save=False)
        report.pages, report.status, report.finished_at = pages, ReportStatus.DONE, timezone.now()
        report.fingerprint = fingerprint
        try:
            report.save(update_fields=["file", "pages", "status", "finished_at", "fingerprint"])
        except BaseException:
            if same_as is None:
                report.file.storage.delete(report.file.name)
            raise
    return report


def _earlier_render(report, fingerprint):
    """A finished report of the same quarter with the same content whose file is still there."""
    for earlier in PerformanceReport.objects.filter(
        strategy_id=report.strategy_id, period=report.period, status=ReportStatus.DONE, fingerprint=fingerprint
    ).exclude(pk=report.pk).exclude(file="").order_by("-finished_at")[:3]:
        if earlier.file.storage.exists(earlier.file.name):
            return earlier
    return None


def render_report(report_id):
    """Render the report to PDF, store it, mark it done and file it to the meetings; the report,
    or None if it has been deleted. Idempotent: a done report is only (re)filed, which adds
    nothing already there. A failure is recorded on the report (failed, with the error) and
    raised again for the task to retry."""
    report = PerformanceReport.objects.select_related("strategy").filter(pk=report_id).first()
    if report is None:
        logger.warning("Report %s not rendered: it has been deleted", report_id)
        return None
    if report.status != ReportStatus.DONE:
        if not _start(report):
            logger.info("Report %s not rendered: another report of %s is in flight", report.pk, report.period)
            return report
        try:
            html, fingerprint = report_document(report.strategy, Quarter.parse(report.period))
            earlier = _earlier_render(report, fingerprint)
            if earlier is not None:
                logger.info("Report %s serves report %s's file: nothing changed since", report.pk, earlier.pk)
                report = _store(report, fingerprint=fingerprint, same_as=earlier)
            else:
                pdf, pages = render_pdf_and_pages(html)
                report = _store(report, fingerprint=fingerprint, pdf=pdf, pages=pages)
        except BaseException as error:
            _fail(report, error)
            raise
    file_report_to_meetings(report)
    return report


def resume_stalled_renders(now=None):
    """Queue again the reports marked rendering for longer than any render may run: their
    worker died mid-render (SIGKILL, out of memory, a lost host) and Redis would hand their
    message out again only after its visibility timeout (an hour). Each goes back to queued, so
    the next run does not queue it twice. Returns their ids."""
    # The hard time limit ends every real render; the margin covers clocks a little apart.
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=tasks.REPORT_TIME_LIMIT + 60)
    stalled = PerformanceReport.objects.filter(status=ReportStatus.RENDERING, started_at__lt=cutoff)
    resumed = []
    for report_id in stalled.values_list("pk", flat=True):
        with transaction.atomic():
            # Conditional, so a render that finished meanwhile (or another sweep) is left alone.
            if stalled.filter(pk=report_id).update(
                status=ReportStatus.QUEUED, started_at=None,
                error="The worker making it stopped before it finished: queued again.",
            ):
                send_on_commit(tasks.render_report_task, report_id)
                resumed.append(report_id)
    if resumed:
        logger.warning("Reports %s had lost their worker mid-render: queued again", resumed)
    return resumed


# ---------------------------------------------------------------------------------------------
# Filing to meetings


def agenda_item_title(period):
    return f"Quarterly performance report {period}"


def paper_name(report):
    """The file name the report's paper carries; it names the report, so filing is idempotent."""
    return f"performance-report-{report.period}-{report.pk}.pdf"


@dataclass
class Filing:
    body: object
    meeting: Meeting | None
    note: str


def next_meeting(body, now=None):
    """The body's next scheduled meeting after `now`, or None."""
    return (
        Meeting.objects.filter(body=body, status=MeetingStatus.SCHEDULED, starts_at__gt=now or timezone.now())
        .order_by("starts_at")
        .first()
    )


def _file_to(meeting, report, pdf):
    title = agenda_item_title(report.period)
    with transaction.atomic():
        # One filing at a time per meeting, so two runs cannot both add the item.
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        item = meeting.items.filter(title=title).first()
        if item is None:
            # Confidential: the report holds quarters not yet published, and only executives,
            # staff and the receiving body's members may read it (the public never downloads it).
            item = meeting_services.add_agenda_item(
                meeting, title, purpose=Purpose.INFORMATION, confidential=True,
                description=f"{report.strategy}: performance in {Quarter.parse(report.period).label()}, "
                "exceptions first. Filed by the portal when the report was made.",
            )
        if item.papers.filter(original_name=paper_name(report)).exists():
            return False
        meeting_services.upload_paper(item, ContentFile(pdf, name=paper_name(report)), title=title)
    return True


def file_report_to_meetings(report, now=None):
    """Add the finished report as a paper to the next meeting agenda of each body that receives
    performance reports; a list of Filing, one per body. Idempotent: an item or paper already
    there is not added again. Bodies without a scheduled meeting are skipped and noted."""
    if report.status != ReportStatus.DONE:
        raise ValidationError("Only a finished report can be filed to meetings.")
    filings, pdf = [], None
    for body in report.strategy.report_recipients.order_by("name"):
        meeting = next_meeting(body, now)
        if meeting is None:
            filings.append(Filing(body, None, "No meeting scheduled: not filed."))
            logger.warning("Report %s not filed to %s: no meeting scheduled", report.pk, body)
            continue
        if pdf is None:
            with report.file.open("rb") as handle:
                pdf = handle.read()
        try:
            added = _file_to(meeting, report, pdf)
        except ValidationError as error:
            filings.append(Filing(body, meeting, f"Not filed: {' '.join(error.messages)}"))
            logger.warning("Report %s not filed to %s: %s", report.pk, meeting, error.messages)
            continue
        filings.append(Filing(body, meeting, "Filed." if added else "Already on the agenda."))
    return filings


NOT_FILED = "Not on any agenda: no meeting was scheduled when the report was made, or its agenda refused the paper."


def report_filings(report):
    """Where the report went, for its status page: each receiving body with the meeting the
    report's paper is on (None if it is on none), in two queries."""
    recipients = report.strategy.report_recipients
    papers = (
        Paper.objects.filter(original_name=paper_name(report), item__meeting__body__in=recipients.all())
        .select_related("item__meeting__body")
        .order_by("item__meeting__starts_at")
    )
    meetings = {}
    for paper in papers:
        meetings.setdefault(paper.item.meeting.body_id, paper.item.meeting)
    return [
        Filing(body, meetings.get(body.pk), "" if body.pk in meetings else NOT_FILED)
        for body in recipients.order_by("name")
    ]
