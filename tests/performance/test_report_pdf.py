"""The quarterly report as a PDF, read back as text (pypdf): cover, summary, exceptions first
(seed 001: reports "with a focus on exceptions"), then each theme; and the URL fetcher that
keeps WeasyPrint to the project's own static files."""

import base64
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from performance.charts import PRINT_IMAGE_PREFIX
from performance.models import PublishedQuarter
from performance.report import PRINT_CSS, RefusedURL, render_pdf, report_html, static_only_fetcher
from tests.factories import BodyFactory
from tests.pdfs import assert_tagged

from .factories import CUMBRIA_THEMES, cumbria_strategy

pytestmark = pytest.mark.django_db


def pages_text(pdf):
    """Each page's text with its line breaks and runs of spaces made single spaces (the body
    comes first, then the page's margin boxes)."""
    return [" ".join(page.extract_text().split()) for page in assert_tagged(pdf).pages]


@pytest.fixture
def strategy():
    return cumbria_strategy(recipients=[BodyFactory(name="Thematic Partnerships and LSP Joint Chairs Group")])


def test_the_report_puts_the_exceptions_before_the_themes_on_numbered_pages(strategy):
    pages = pages_text(render_pdf(report_html(strategy, "2009Q3")))
    text = "\n".join(pages)

    cover = pages[0]
    assert "Quarterly performance report" in cover
    assert "Cumbria Community Strategy 2008-2011" in cover
    assert "July to September 2009" in cover
    assert "Thematic Partnerships and LSP Joint Chairs Group" in cover
    assert "Page 1 of" in cover

    exceptions_page = next(i for i, page in enumerate(pages) if page.startswith("Exceptions "))
    theme_pages = {
        name: next(i for i, page in enumerate(pages) if page.startswith(f"{name} ") and "Top risks" in page)
        for name, _, _ in CUMBRIA_THEMES
    }
    assert exceptions_page < min(theme_pages.values())
    assert list(theme_pages.values()) == sorted(theme_pages.values())  # in the strategy's order

    exceptions = pages[exceptions_page]
    assert "NI117" in exceptions and "Red – off track" in exceptions  # rising NEETs
    assert "NI139" in exceptions and "No data for 2009Q3" in exceptions
    assert "NI151" in exceptions and "Worse than last quarter: green to amber" in exceptions
    assert "Milestone overdue: Kerbside glass collection in every district" in exceptions
    assert "NI110" not in exceptions  # on track: not an exception

    for _, _, indicators in CUMBRIA_THEMES:
        for code, *_ in indicators:
            assert code in text
    assert "Summary by theme" in text
    assert "{#" not in text and "{%" not in text  # no template syntax printed as text
    assert "Funding for environment work is cut" in text  # the theme's top risk

    # Every page after the cover has the running header and "Page N of M"; the cover has no header.
    total = len(pages)
    for number, page in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in page
        assert "Cumbria Community Strategy 2008-2011" in page
        assert "Performance report 2009Q3 · not yet published" in page
    assert "Performance report 2009Q3" not in pages[0]


def test_the_report_says_whether_its_quarter_is_published(strategy):
    assert "Not yet published" in report_html(strategy, "2009Q3")
    PublishedQuarter.objects.create(strategy=strategy, period="2009Q3")
    html = report_html(strategy, "2009Q3")
    assert "Not yet published" not in html
    assert "Published" in html


def test_every_theme_has_its_trend_charts(strategy):
    html = report_html(strategy, "2009Q3")
    # A sparkline for each of the ten indicators; a full history chart for each exception about
    # the figures (NI117 red, NI151 worse, NI139 missing), not for NI192's overdue milestone.
    assert html.count('class="sparkline"') == 10
    assert html.count('class="history-chart"') == 3
    for code in ["NI117", "NI151", "NI139"]:
        assert f"{code}: values by quarter against the target" in html
    assert "NI192: values by quarter" not in html
    assert "@top-center" in html and "counter(pages)" in html  # the print CSS is inlined


def figures(node, found=None):
    """The structure elements of a tagged PDF tagged /Figure, depth first."""
    found = [] if found is None else found
    node = node.get_object()
    if isinstance(node, list):
        for kid in node:
            figures(kid, found)
        return found
    if not hasattr(node, "get"):
        return found
    if node.get("/S") == "/Figure":
        found.append(node)
    if "/K" in node:
        figures(node["/K"], found)
    return found


def test_each_chart_is_a_figure_with_its_words_as_alternative_text_and_its_labels_as_text(strategy):
    pdf = render_pdf(report_html(strategy, "2009Q3"))
    reader = assert_tagged(pdf)
    alt_texts = [str(figure.get("/Alt", "")) for figure in figures(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])]
    assert all(alt_texts), "a figure without alternative text"
    assert sum("values by quarter against the target: From" in alt for alt in alt_texts) == 3
    assert sum(" trend to 2009Q3: From " in alt for alt in alt_texts) == 10  # the sparklines
    # The charts are drawn as vector graphics: their labels are text in the PDF.
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Actual" in text and "Baseline" in text


# The URL fetcher -------------------------------------------------------------------------------


def test_the_fetcher_reads_the_reports_own_charts_given_as_svg_data_urls():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><circle cx="2" cy="2" r="1"/></svg>'
    response = static_only_fetcher(PRINT_IMAGE_PREFIX + base64.b64encode(svg).decode())
    assert response.read() == svg
    assert response.content_type == "image/svg+xml"
    png = "data:image/png;base64," + base64.b64encode(b"\x89PNG").decode()
    for url in [png, "data:image/svg+xml,<svg/>", PRINT_IMAGE_PREFIX + "not base64!", "data:text/html;base64,PGI+"]:
        with pytest.raises(RefusedURL):
            static_only_fetcher(url)


def test_the_fetcher_reads_the_projects_static_files_only(tmp_path):
    response = static_only_fetcher(PRINT_CSS.as_uri())
    assert b"@page" in response.read()
    outside = tmp_path / "secret.css"
    outside.write_text("body { color: red }")
    for url in [
        "file:///etc/passwd", outside.as_uri(), f"{PRINT_CSS.parent.as_uri()}/../../manage.py",
        "http://example.org/style.css", "https://example.org/style.css", "data:text/css,body{color:red}",
    ]:
        with pytest.raises(RefusedURL):
            static_only_fetcher(url)


class _Recorder(BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):
        _Recorder.requests.append(self.path)
        body = b'body::after { content: "LEAKED FROM THE NETWORK"; }'
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def web_server():
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_report_never_fetches_urls_or_files_outside_static(tmp_path, web_server):
    leak = tmp_path / "leak.css"
    leak.write_text('body::before { content: "LEAKED FROM A FILE"; }')
    html = f"""<!DOCTYPE html><html lang="en-GB"><head><title>Quarterly report</title>
      <link rel="stylesheet" href="css/report-print.css">
      <link rel="stylesheet" href="{web_server}/style.css">
      <link rel="stylesheet" href="{leak.as_uri()}">
      </head><body><p>Quarterly report</p>
      <img src="file:///etc/passwd" alt="x"><img src="{web_server}/logo.png" alt="y"></body></html>"""
    text = "\n".join(pages_text(render_pdf(html)))
    assert "Quarterly report" in text
    assert "Page 1 of 1" in text  # the static stylesheet (relative to static/) was used
    assert "LEAKED" not in text
    assert _Recorder.requests == []


def test_each_theme_has_its_risk_matrix_status_history_and_missing_count(strategy):
    html = report_html(strategy, "2009Q3")
    assert html.count('<table class="risk-map">') == 5
    assert html.count('class="rag-history"') == 5
    text = "\n".join(pages_text(render_pdf(html)))
    assert text.count("Risk matrix: 2 risks by likelihood and impact") == 5
    # Health, Care and Older People: NI120 has its figure, NI139 none: the theme is NI120's
    # status with the missing one beside it, not "No data".
    assert "Health, Care and Older People Green – 1 indicator without data · Led by" in text
    assert "Healthier, longer lives Green – 1 indicator without data" in text
    assert "Ref Risk Rating" in text and "R1 Funding for environment work is cut" in text
