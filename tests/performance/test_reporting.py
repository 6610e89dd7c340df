"""Requesting, rendering and filing the quarterly report (performance/reporting.py)."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from meetings.models import AgendaItem, MeetingStatus, Paper, Purpose
from performance import reporting
from performance.models import PerformanceReport, ReportStatus
from performance.tasks import REPORT_TIME_LIMIT
from tests.factories import BodyFactory
from tests.meetings.factories import MeetingFactory

from .factories import CommunityStrategyFactory, IndicatorFactory, MeasurementFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint_chairs():
    # Seed 001: the Thematic Partnerships and LSP Joint Chairs Group "receive the quarterly
    # performance reports on achievement of Community Strategy outcomes".
    return BodyFactory(name="Thematic Partnerships and LSP Joint Chairs Group", kind="joint_chairs")


@pytest.fixture
def strategy(joint_chairs):
    strategy = CommunityStrategyFactory(name="Cumbria Community Strategy", slug="cumbria")
    strategy.report_recipients.set([joint_chairs])
    indicator = IndicatorFactory(outcome__theme=ThemeFactory(strategy=strategy, name="Environment"), code="NI192")
    MeasurementFactory(indicator=indicator, period="2009Q3")
    return strategy


def in_days(days):
    return timezone.now() + datetime.timedelta(days=days)


# Requesting ------------------------------------------------------------------------------------


def test_asking_again_while_a_report_is_queued_returns_the_same_report(strategy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        first, created = reporting.request_report(strategy=strategy, period="2009Q3", user=None)
        again, created_again = reporting.request_report(strategy=strategy, period="2009Q3", user=None)
    assert created and not created_again
    assert again.pk == first.pk and first.status == ReportStatus.QUEUED
    assert PerformanceReport.objects.count() == 1
    assert len(queued) == 1  # one render queued, on commit


def test_another_quarter_or_a_finished_one_gets_a_new_report(strategy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        first, _ = reporting.request_report(strategy=strategy, period="2009Q3", user=None)
        PerformanceReport.objects.filter(pk=first.pk).update(status=ReportStatus.DONE)
        second, created = reporting.request_report(strategy=strategy, period="2009Q3", user=None)
        other, created_other = reporting.request_report(strategy=strategy, period="2009Q2", user=None)
    assert created and created_other and len({first.pk, second.pk, other.pk}) == 3
    assert len(queued) == 3


def test_a_request_that_loses_the_race_returns_the_winners_report(strategy, django_capture_on_commit_callbacks):
    winner = PerformanceReport.objects.create(strategy=strategy, period="2009Q3")
    real = reporting.in_flight_report
    # The loser looked before the winner had saved: the database's constraint decides.
    with mock.patch.object(reporting, "in_flight_report", side_effect=[None, real(strategy, "2009Q3")]):
        with django_capture_on_commit_callbacks() as queued:
            report, created = reporting.request_report(strategy=strategy, period="2009Q3", user=None)
    assert (report.pk, created) == (winner.pk, False)
    assert queued == []


def test_the_database_refuses_a_second_report_in_flight(strategy):
    PerformanceReport.objects.create(strategy=strategy, period="2009Q3", status=ReportStatus.RENDERING)
    with pytest.raises(IntegrityError):
        PerformanceReport.objects.create(strategy=strategy, period="2009Q3")


@pytest.mark.parametrize("period, message", [
    ("2009Q5", "not a quarter like 2009Q3"),
    ("2007Q1", "outside Cumbria Community Strategy"),
    ("2011Q2", "outside Cumbria Community Strategy"),
])
def test_a_quarter_outside_the_strategy_is_refused_clearly(strategy, period, message):
    with pytest.raises(ValidationError) as error:
        reporting.request_report(strategy=strategy, period=period, user=None)
    assert message in str(error.value.message_dict["period"])
    assert not PerformanceReport.objects.exists()


# Rendering -------------------------------------------------------------------------------------


def test_rendering_stores_the_pdf_and_is_idempotent(strategy):
    report = PerformanceReport.objects.create(strategy=strategy, period="2009Q3")
    reporting.render_report(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.started_at <= report.finished_at
    assert report.pages >= 4
    with report.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    name, finished = report.file.name, report.finished_at

    with mock.patch.object(reporting, "render_pdf_and_pages") as render:
        reporting.render_report(report.pk)  # a redelivered task
    render.assert_not_called()
    report.refresh_from_db()
    assert (report.file.name, report.finished_at) == (name, finished)


def test_a_report_unchanged_since_its_last_render_is_served_not_rendered_again(strategy):
    first = PerformanceReport.objects.create(strategy=strategy, period="2009Q3")
    reporting.render_report(first.pk)
    first.refresh_from_db()
    assert len(first.fingerprint) == 64

    again = PerformanceReport.objects.create(strategy=strategy, period="2009Q3")
    with mock.patch.object(reporting, "render_pdf_and_pages") as render:
        reporting.render_report(again.pk)
    render.assert_not_called()
    again.refresh_from_db()
    assert again.status == ReportStatus.DONE
    assert (again.file.name, again.pages, again.fingerprint) == (first.file.name, first.pages, first.fingerprint)


def test_a_report_whose_figures_changed_is_rendered_again(strategy):
    first = PerformanceReport.objects.create(strategy=strategy, period="2009Q3")
    reporting.render_report(first.pk)
    first.refresh_from_db()
    MeasurementFactory(indicator=strategy.themes.get().outcomes.get().indicators.get(), period="2009Q2")

    again = PerformanceReport.objects.create(strategy=strategy, period="2009Q3")
    reporting.render_report(again.pk)
    again.refresh_from_db()
    assert again.fingerprint != first.fingerprint
    assert again.file.name != first.file.name
    with again.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_failure_is_recorded_and_raised_then_a_retry_succeeds(strategy):
    report = PerformanceReport.objects.create(strategy=strategy, period="2009Q3")
    with mock.patch.object(reporting, "report_document", side_effect=RuntimeError("the fonts are missing")):
        with pytest.raises(RuntimeError):
            reporting.render_report(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "RuntimeError: the fonts are missing" in report.error
    assert not report.file

    reporting.render_report(report.pk)  # Celery's retry
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.error == "" and report.file


def test_a_failed_report_is_not_retried_once_the_quarter_was_asked_for_again(strategy):
    failed = PerformanceReport.objects.create(strategy=strategy, period="2009Q3", status=ReportStatus.FAILED, error="x")
    PerformanceReport.objects.create(strategy=strategy, period="2009Q3")  # asked again: queued
    with mock.patch.object(reporting, "render_pdf_and_pages") as render:
        reporting.render_report(failed.pk)
    render.assert_not_called()
    failed.refresh_from_db()
    assert failed.status == ReportStatus.FAILED


def test_a_redelivered_task_that_finishes_second_keeps_the_first_file(strategy, media_root):
    report = PerformanceReport.objects.create(strategy=strategy, period="2009Q3", status=ReportStatus.RENDERING)
    reporting.render_report(report.pk)
    report.refresh_from_db()
    stale = PerformanceReport.objects.get(pk=report.pk)
    stale.status = ReportStatus.RENDERING  # the copy the other worker still holds
    kept = reporting._store(stale, fingerprint=report.fingerprint, pdf=b"%PDF-1.4 second", pages=1)
    assert kept.file.name == report.file.name
    assert [p.name for p in (media_root / "reports").rglob("*.pdf")] == [report.file.name.split("/")[-1]]


# Filing to meetings ----------------------------------------------------------------------------


def test_a_finished_report_is_filed_to_the_next_meeting_of_each_receiving_body(strategy, joint_chairs):
    MeetingFactory(body=joint_chairs, starts_at=in_days(-7), status=MeetingStatus.HELD)
    MeetingFactory(body=joint_chairs, starts_at=in_days(10), status=MeetingStatus.CANCELLED)
    later = MeetingFactory(body=joint_chairs, starts_at=in_days(60))
    next_meeting = MeetingFactory(body=joint_chairs, starts_at=in_days(30))
    AgendaItem.objects.create(meeting=next_meeting, position=1, title="Minutes of the last meeting")
    no_meeting = BodyFactory(name="Environment Thematic Partnership")
    strategy.report_recipients.add(no_meeting)

    report = PerformanceReport.objects.create(strategy=strategy, period="2009Q3")
    reporting.render_report(report.pk)
    reporting.render_report(report.pk)  # redelivered: nothing added twice
    report.refresh_from_db()

    item = AgendaItem.objects.get(meeting=next_meeting, title="Quarterly performance report 2009Q3")
    assert item.position == 2 and item.purpose == Purpose.INFORMATION
    assert item.confidential  # the report holds unpublished quarters: never public via the agenda
    paper = Paper.objects.get(item=item)
    assert paper.title == "Quarterly performance report 2009Q3"
    assert paper.content_type == "application/pdf" and paper.size == report.file.size
    assert Paper.objects.count() == 1
    assert not AgendaItem.objects.filter(meeting=later, title__startswith="Quarterly").exists()

    filings = {f.body.pk: f for f in reporting.file_report_to_meetings(report)}
    assert filings[joint_chairs.pk].note == "Already on the agenda."
    assert filings[no_meeting.pk].meeting is None and "No meeting scheduled" in filings[no_meeting.pk].note
    assert Paper.objects.count() == 1

    shown = {f.body.pk: f.meeting for f in reporting.report_filings(report)}
    assert shown == {joint_chairs.pk: next_meeting, no_meeting.pk: None}


def test_a_newer_report_of_the_quarter_joins_the_same_agenda_item(strategy, joint_chairs):
    meeting = MeetingFactory(body=joint_chairs, starts_at=in_days(30))
    for _ in range(2):
        report = PerformanceReport.objects.create(strategy=strategy, period="2009Q3")
        reporting.render_report(report.pk)
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1
    assert Paper.objects.filter(item__meeting=meeting).count() == 2


def test_a_body_whose_agenda_refuses_the_paper_is_noted_and_the_others_still_get_it(strategy, joint_chairs, settings):
    settings.PAPER_MAX_BYTES = 10  # the meetings service's own check refuses the PDF
    MeetingFactory(body=joint_chairs, starts_at=in_days(30))
    report = PerformanceReport.objects.create(strategy=strategy, period="2009Q3")
    reporting.render_report(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    (filing,) = reporting.file_report_to_meetings(report)
    assert filing.note.startswith("Not filed:") and "at most" in filing.note
    assert not Paper.objects.exists()


def test_only_a_finished_report_is_filed(strategy):
    report = PerformanceReport.objects.create(strategy=strategy, period="2009Q3")
    with pytest.raises(ValidationError):
        reporting.file_report_to_meetings(report)


def test_a_deleted_report_is_not_rendered():
    assert reporting.render_report(12345) is None



def test_a_render_whose_worker_died_is_queued_again_once(broker, django_capture_on_commit_callbacks):
    """A worker SIGKILLed mid-render leaves its report rendering; Redis would redeliver the
    message only after an hour. Beyond the hard time limit the sweep queues it again, once."""
    strategy = CommunityStrategyFactory()
    started = timezone.now() - datetime.timedelta(seconds=REPORT_TIME_LIMIT + 61)
    lost = PerformanceReport.objects.create(strategy=strategy, period="2009Q1", status=ReportStatus.RENDERING, started_at=started)
    running = PerformanceReport.objects.create(
        strategy=strategy, period="2009Q2", status=ReportStatus.RENDERING, started_at=timezone.now() - datetime.timedelta(seconds=30)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert reporting.resume_stalled_renders() == [lost.pk]
        assert reporting.resume_stalled_renders() == []  # queued now: not sent twice
    lost.refresh_from_db()
    running.refresh_from_db()
    assert (lost.status, lost.started_at) == (ReportStatus.QUEUED, None)
    assert running.status == ReportStatus.RENDERING
    assert broker.sent == [("performance.tasks.render_report_task", [lost.pk], {})]
