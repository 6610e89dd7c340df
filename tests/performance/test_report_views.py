"""The quarterly report pages: executives and staff only; progress without reloading (htmx) or
with a Refresh link; downloads never cached."""

from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from performance import reporting
from performance.models import PerformanceReport, ReportStatus
from tests.factories import StaffUserFactory, UserFactory, make_executive
from tests.governance.matrix_reports import MINIMAL_PDF

from .factories import CommunityStrategyFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy():
    return CommunityStrategyFactory(name="Cumbria Community Strategy", slug="cumbria")


@pytest.fixture
def executive(client):
    client.force_login(make_executive(UserFactory(username="executive@example.org")))
    return client


def finished(strategy, period="2009Q3"):
    report = PerformanceReport(strategy=strategy, period=period, status=ReportStatus.DONE, pages=1)
    report.file.save(f"{period}.pdf", ContentFile(MINIMAL_PDF), save=False)
    report.save()
    return report


def test_the_public_and_members_cannot_list_follow_or_download_reports(client, strategy):
    report = finished(strategy)
    urls = [
        reverse("performance:reports"),
        reverse("performance:report-status", args=[report.pk]),
        reverse("performance:report-download", args=[report.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(UserFactory())
    for url in urls:
        assert client.get(url).status_code == 404
    response = client.post(reverse("performance:report-request"), {"strategy": strategy.pk, "period": "2009Q3"})
    assert response.status_code == 404
    assert PerformanceReport.objects.count() == 1


def test_an_executive_downloads_a_finished_report_that_no_cache_keeps(executive, strategy):
    report = finished(strategy)
    response = executive.get(reverse("performance:report-download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cumbria-performance-report-2009Q3.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_an_unfinished_or_missing_report_cannot_be_downloaded(executive, strategy):
    queued = PerformanceReport.objects.create(strategy=strategy, period="2009Q3")
    assert executive.get(reverse("performance:report-download", args=[queued.pk])).status_code == 404
    gone = finished(strategy, "2009Q2")
    gone.file.storage.delete(gone.file.name)
    assert executive.get(reverse("performance:report-download", args=[gone.pk])).status_code == 404
    assert executive.get(reverse("performance:report-download", args=[99999])).status_code == 404


def test_requesting_a_report_leads_to_its_progress_and_asking_twice_to_the_same_one(client, strategy, django_capture_on_commit_callbacks):
    client.force_login(StaffUserFactory())
    MeasurementFactory(indicator__outcome__theme__strategy=strategy, period="2009Q3")
    page = client.get(reverse("performance:reports"))
    assert page.status_code == 200
    assert 'value="2009Q3" selected' in page.content.decode()  # the newest quarter with returns

    with django_capture_on_commit_callbacks() as queued:
        first = client.post(reverse("performance:report-request"), {"strategy": strategy.pk, "period": "2009Q3"})
        second = client.post(reverse("performance:report-request"), {"strategy": strategy.pk, "period": "2009Q3"}, follow=True)
    report = PerformanceReport.objects.get()
    assert first.status_code == 302 and first["Location"] == reverse("performance:report-status", args=[report.pk])
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "already being made" in second.content.decode()
    assert len(queued) == 1


def test_a_bad_quarter_is_refused_with_a_message_and_nothing_queued(executive, strategy):
    response = executive.post(reverse("performance:report-request"), {"strategy": strategy.pk, "period": "2015Q1"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert "Select a valid choice" in response.content.decode()
    assert not PerformanceReport.objects.exists()


def test_progress_polls_with_htmx_until_done_and_offers_a_refresh_link_without_javascript(executive, strategy):
    report = PerformanceReport.objects.create(strategy=strategy, period="2009Q3", status=ReportStatus.RENDERING)
    url = reverse("performance:report-status", args=[report.pk])

    page = executive.get(url).content.decode()
    assert "<html" in page and 'hx-trigger="every 2s"' in page
    assert f'href="{url}">Refresh</a>' in page

    fragment = executive.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="report-status"' in fragment
    assert 'hx-trigger="every 2s"' in fragment and "Rendering" in fragment

    report.delete()
    report = finished(strategy)
    url = reverse("performance:report-status", args=[report.pk])
    fragment = executive.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment  # done: polling stops
    assert reverse("performance:report-download", args=[report.pk]) in fragment


def test_a_failed_report_shows_its_error(executive, strategy):
    report = PerformanceReport.objects.create(
        strategy=strategy, period="2009Q3", status=ReportStatus.FAILED, error="OSError: disk full"
    )
    page = executive.get(reverse("performance:report-status", args=[report.pk])).content.decode()
    assert "could not be made" in page and "OSError: disk full" in page
    assert "hx-trigger" not in page


def test_the_list_groups_reports_by_quarter_in_a_constant_number_of_queries(executive, strategy, django_assert_num_queries):
    other = CommunityStrategyFactory(name="Carlisle Community Plan", slug="carlisle")
    finished(strategy, "2009Q3")
    PerformanceReport.objects.create(strategy=strategy, period="2009Q2", status=ReportStatus.FAILED)
    url = reverse("performance:reports")
    executive.get(url)  # warm the session and the executive's group lookup
    with django_assert_num_queries(6) as small:
        page = executive.get(url)
    assert page.content.decode().count('scope="rowgroup"') == 2

    for period in ["2008Q4", "2009Q1", "2009Q2", "2009Q3"]:
        finished(strategy, period)
        finished(other, period)
        PerformanceReport.objects.create(strategy=other, period=period, status=ReportStatus.QUEUED)
    with django_assert_num_queries(len(small.captured_queries)):
        page = executive.get(url)
    text = page.content.decode()
    assert text.count('scope="rowgroup"') == 4 + 4
    assert text.count("Download<span") == 1 + 4 + 4


@pytest.fixture
def without_a_broker():
    """The embedded default: tasks run eagerly in the request (whatever this run's broker)."""
    from config.celery import app

    was = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = was


def test_without_a_broker_a_failed_render_shows_on_the_status_page_not_as_an_error(
    client, strategy, without_a_broker, django_capture_on_commit_callbacks
):
    client.force_login(StaffUserFactory())
    with mock.patch.object(reporting, "report_document", side_effect=RuntimeError("the fonts are missing")):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("performance:report-request"), {"strategy": strategy.pk, "period": "2009Q3"})
    report = PerformanceReport.objects.get()
    assert response.status_code == 302
    assert report.status == ReportStatus.FAILED
    page = client.get(response["Location"]).content.decode()
    assert "could not be made" in page and "the fonts are missing" in page


def test_executives_and_staff_find_the_reports_from_performance_my_account_and_the_navigation(client, strategy):
    reports = f'href="{reverse("performance:reports")}"'
    pages = [reverse("performance:dashboard"), reverse("accounts:my-account")]
    for user in (make_executive(UserFactory()), StaffUserFactory()):
        client.force_login(user)
        for url in pages:
            page = client.get(url).content.decode()
            # In the main navigation, and in the page's own block.
            assert page.count(reports) == 2, url
        assert 'aria-current="page">Reports</a>' in client.get(reverse("performance:reports")).content.decode()
    client.force_login(UserFactory())
    for url in pages:
        assert reports not in client.get(url).content.decode(), url
    client.logout()
    assert reports not in client.get(reverse("performance:dashboard")).content.decode()


@pytest.fixture
def render_threads(monkeypatch):
    """The development threads started for tasks, to wait for them."""
    from outbox import services as outbox_services

    started, run = [], outbox_services.run_in_thread

    def recording(task, args=(), kwargs=None):
        started.append(run(task, args, kwargs))
        return started[-1]

    monkeypatch.setattr(outbox_services, "run_in_thread", recording)
    return started


@pytest.mark.django_db(transaction=True)
def test_in_development_a_report_renders_on_a_thread_and_its_page_shows_the_progress(
    client, settings, without_a_broker, render_threads
):
    """`make run` has no broker: with CELERY_TASK_IN_THREAD (its default there) "Make the
    report" answers at once, the status page polls while the report renders, and it is done."""
    import threading

    settings.CELERY_TASK_IN_THREAD = True
    strategy = CommunityStrategyFactory(name="Cumbria Community Strategy", slug="cumbria")
    client.force_login(StaffUserFactory())
    may_finish = threading.Event()

    def slow_render(html):
        assert may_finish.wait(10)
        return MINIMAL_PDF, 1

    with mock.patch.object(reporting, "render_pdf_and_pages", side_effect=slow_render):
        response = client.post(reverse("performance:report-request"), {"strategy": strategy.pk, "period": "2009Q3"})
        assert response.status_code == 302
        [thread] = render_threads
        assert thread.is_alive()
        page = client.get(response["Location"]).content.decode()
        assert 'hx-trigger="every 2s"' in page
        assert ">Queued</span>" in page or ">Rendering</span>" in page
        may_finish.set()
        thread.join(10)
    assert not thread.is_alive()
    report = PerformanceReport.objects.get()
    assert (report.status, report.pages) == (ReportStatus.DONE, 1)
    page = client.get(response["Location"]).content.decode()
    assert "Download the report (PDF)" in page and "hx-trigger" not in page
