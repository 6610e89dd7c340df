"""The report task on a real Celery worker over real Redis (as CI configures): queued on commit,
one render per quarter however often it is asked for, retried after a passing failure, and
configured as Celery advises for long jobs."""

import time
from unittest import mock

import pytest
from django.db import OperationalError

from config.celery import app
from performance import reporting
from performance.models import PerformanceReport, ReportStatus
from performance.tasks import render_report_task

from .factories import CommunityStrategyFactory, IndicatorFactory, MeasurementFactory, ThemeFactory


def make_strategy():
    strategy = CommunityStrategyFactory(name="Cumbria Community Strategy", slug="cumbria")
    indicator = IndicatorFactory(outcome__theme=ThemeFactory(strategy=strategy), code="NI192")
    MeasurementFactory(indicator=indicator, period="2009Q3")
    return strategy


def wait_until_settled(report, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in (ReportStatus.DONE, ReportStatus.FAILED) and report.finished_at:
            return report
        time.sleep(0.2)
    raise AssertionError(f"report still {report.status} after {seconds} s")


@pytest.mark.django_db(transaction=True)
def test_asking_twice_renders_one_pdf_on_a_real_worker(redis_worker):
    strategy = make_strategy()
    with mock.patch.object(reporting, "render_pdf_and_pages", wraps=reporting.render_pdf_and_pages) as render:
        first, created = reporting.request_report(strategy=strategy, period="2009Q3", user=None)
        again, created_again = reporting.request_report(strategy=strategy, period="2009Q3", user=None)
        report = wait_until_settled(first)
        render_report_task.delay(first.pk)  # a redelivered message: nothing to do
        time.sleep(1)
    assert created and not created_again and again.pk == first.pk
    assert report.status == ReportStatus.DONE and report.pages
    assert PerformanceReport.objects.count() == 1
    assert render.call_count == 1
    with report.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


@pytest.mark.django_db(transaction=True)
def test_a_passing_database_failure_is_retried_until_the_report_is_done(redis_worker):
    strategy = make_strategy()
    real = reporting.render_pdf_and_pages

    def flaky(html):
        if render.call_count == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(html)

    with mock.patch.object(reporting, "render_pdf_and_pages", side_effect=flaky) as render:
        report, _ = reporting.request_report(strategy=strategy, period="2009Q3", user=None)
        deadline = time.monotonic() + 60
        while render.call_count < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        report = wait_until_settled(report)
    assert render.call_count == 2
    assert report.status == ReportStatus.DONE and report.error == ""


@pytest.mark.django_db(transaction=True)
def test_the_worker_collects_what_the_render_left_once_the_pdf_is_filed(redis_worker):
    strategy = make_strategy()
    statuses_when_collected = []

    def collect():
        statuses_when_collected.append(PerformanceReport.objects.get().status)
        return 0

    with mock.patch("performance.tasks.gc.collect", side_effect=collect):
        report, _ = reporting.request_report(strategy=strategy, period="2009Q3", user=None)
        wait_until_settled(report)
        deadline = time.monotonic() + 10
        while not statuses_when_collected and time.monotonic() < deadline:
            time.sleep(0.1)
    assert statuses_when_collected == [ReportStatus.DONE]


def test_the_task_is_set_up_for_long_jobs():
    conf = app.conf
    assert render_report_task.acks_late is True
    assert render_report_task.max_retries == 3 and render_report_task.retry_backoff
    assert OperationalError in render_report_task.autoretry_for
    assert render_report_task.soft_time_limit < render_report_task.time_limit
    # Redis must not hand a running render to a second worker.
    assert conf.broker_transport_options["visibility_timeout"] > render_report_task.time_limit
    assert conf.worker_prefetch_multiplier == 1
    # WeasyPrint keeps the memory a render took: children are recycled.
    assert conf.worker_max_tasks_per_child and conf.worker_max_memory_per_child
    assert hasattr(render_report_task, "delay_on_commit")
