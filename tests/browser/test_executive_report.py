"""The executive's quarterly report in a real browser, as `make run` serves it (no broker, the
report rendered on a development thread): from the Performance page to the reports, "Make the
report", the progress panel updating by itself, then the download."""

import threading
from unittest import mock

import pytest
from playwright.sync_api import expect

from performance import reporting
from performance.models import PerformanceReport, ReportStatus
from tests.factories import UserFactory, make_executive
from tests.performance.factories import cumbria_strategy

pytestmark = pytest.mark.browser


@pytest.fixture
def development_threads(settings):
    """The embedded default of `make run`: no broker, eager tasks on a thread of their own."""
    from config.celery import app

    settings.CELERY_TASK_IN_THREAD = True
    was = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = was


@pytest.fixture
def executive(transactional_db):
    cumbria_strategy()
    return make_executive(UserFactory(username="executive@example.org", email="executive@example.org"))


def test_the_executive_makes_a_report_and_watches_its_progress(page, live_server, log_in, executive, development_threads, screenshot):
    may_finish = threading.Event()
    render = reporting.render_pdf_and_pages

    def held_render(html):
        # Held until the test has seen the panel say "Rendering", then the real render.
        assert may_finish.wait(20)
        return render(html)

    log_in(page, executive, "/performance/")
    page.get_by_role("link", name="Quarterly performance reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly performance reports")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports")).to_have_attribute("aria-current", "page")
    page.get_by_label("Quarter").select_option("2009Q3")

    with mock.patch.object(reporting, "render_pdf_and_pages", side_effect=held_render):
        page.get_by_role("button", name="Make the report").click()
        # The request answers at once: the status page, its panel polling while the render runs.
        expect(page.get_by_role("heading", level=1)).to_have_text("Performance report 2009Q3")
        panel = page.locator("#report-status")
        expect(panel).to_contain_text("Rendering", timeout=10_000)
        expect(panel).to_contain_text("This page updates by itself")
        assert PerformanceReport.objects.get().status == ReportStatus.RENDERING
        screenshot(page, "executive-report-rendering")
        url = page.url
        may_finish.set()
        # No reload: htmx swaps the panel for the finished report.
        download = panel.get_by_role("link", name="Download the report (PDF)")
        expect(download).to_be_visible(timeout=30_000)
    assert page.url == url
    expect(panel).to_contain_text("Done")
    expect(panel).not_to_have_attribute("hx-trigger", "every 2s")
    screenshot(page, "executive-report-done")
    with page.expect_download() as downloading:
        download.click()
    assert downloading.value.suggested_filename == "cumbria-community-strategy-performance-report-2009Q3.pdf"
