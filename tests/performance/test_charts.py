"""performance.charts: server-side SVG that says in words what it shows."""

import base64
import re
from decimal import Decimal
from html.parser import HTMLParser
from xml.etree import ElementTree

from performance.charts import PRINT_IMAGE_PREFIX, format_number, history_chart_svg, sparkline_svg
from performance.periods import Quarter
from performance.rag import RAG

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [(Quarter(2008, 2), Decimal("97327")), (Quarter(2008, 3), None), (Quarter(2008, 4), Decimal("96177.5"))]


def parse(markup):
    return ElementTree.fromstring(str(markup))


def parse_print_image(markup):
    """(the <img> element's attributes, the SVG it shows, parsed) of a chart's print form."""
    images = []

    class Images(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                images.append(dict(attrs))

    Images().feed(str(markup))
    [image] = images
    assert image["src"].startswith(PRINT_IMAGE_PREFIX)
    return image, parse(base64.b64decode(image["src"].removeprefix(PRINT_IMAGE_PREFIX)).decode())


def test_sparkline_is_accessible_svg_with_a_gap_for_missing_data():
    svg = parse(sparkline_svg(POINTS, title="NI185 trend", unit="tonnes CO2", rag=RAG.RED))
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text == "NI185 trend"
    assert desc.text == "From 97,327 in 2008Q2 to 96,177.5 in 2008Q4; 1 quarter without data."
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert svg.findall(f"{SVG}polyline") == []  # two points either side of a gap: no line
    assert svg.find(f"{SVG}circle").get("fill") == "#d4351c"


def test_sparkline_without_values():
    svg = parse(sparkline_svg([(Quarter(2009, 1), None)], title="Empty"))
    assert svg.find(f"{SVG}desc").text == "No values yet."


def test_history_chart_has_axes_target_line_and_baseline():
    targets = {Quarter(2009, 1): Decimal("95500"), Quarter(2010, 1): Decimal("92000")}
    trajectory = [(Quarter(2008, 2), Decimal("97750")), (Quarter(2009, 1), Decimal("95500")), (Quarter(2010, 1), Decimal("92000"))]
    markup = history_chart_svg(POINTS, targets, Decimal("98500"), trajectory=trajectory, unit="tonnes CO2",
                               rags={Quarter(2008, 2): RAG.GREEN}, title="NI185 history")
    svg = parse(markup)
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Quarter" in texts and "Value (tonnes CO2)" in texts
    assert {"Q2", "Q3", "Q4", "Q1", "2008", "2009", "2010"} <= set(texts)
    assert {"Actual", "Target", "Baseline"} <= set(texts)
    assert [p.get("class") for p in svg.iter(f"{SVG}polyline") if p.get("class")] == ["target-line"]
    tooltips = [t.text for t in svg.iter(f"{SVG}title")]
    assert "Target 2010Q1: 92,000" in tooltips and "Baseline 98,500" in tooltips
    assert "2008Q2: 97,327 (Green – on track)" in tooltips
    assert "Targets: 2009Q1 95,500; 2010Q1 92,000." in svg.find(f"{SVG}desc").text


def test_text_in_charts_is_escaped():
    markup = str(history_chart_svg(POINTS, {}, None, title='<script>alert("x")</script>', unit="<b>"))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    parse(markup)


def test_ids_differ_between_charts():
    first = sparkline_svg(POINTS, title="A")
    second = sparkline_svg(POINTS, title="B")
    assert re.search(r'id="([^"]+)-title"', first).group(1) != re.search(r'id="([^"]+)-title"', second).group(1)


def test_numbers_as_people_write_them():
    assert [format_number(v) for v in (Decimal("1234.500"), Decimal("12"), Decimal("0.250"), None)] == ["1,234.5", "12", "0.25", "–"]
    assert format_number(Decimal("45.0"), "%") == "45%"


def test_print_form_is_an_image_whose_alt_text_says_it_all_and_drops_what_paper_cannot_use():
    """WeasyPrint makes an image's alt text the PDF figure's alternative text; the SVG it draws
    has no <title>, <desc> or tooltips."""
    image, spark = parse_print_image(sparkline_svg(POINTS, title="NI185 trend", unit="tonnes CO2", for_print=True))
    assert image["alt"] == "NI185 trend: From 97,327 in 2008Q2 to 96,177.5 in 2008Q4; 1 quarter without data."
    assert (image["width"], image["height"]) == (spark.get("width"), spark.get("height"))
    assert not list(spark.iter(f"{SVG}title")) and spark.find(f"{SVG}desc") is None
    assert spark.find(f"{SVG}circle") is not None  # the latest value

    targets = {Quarter(2009, 1): Decimal("95500")}
    image, chart = parse_print_image(history_chart_svg(
        POINTS, targets, Decimal("98500"), rags={Quarter(2008, 2): RAG.GREEN},
        title="NI185 history", unit="tonnes CO2", for_print=True,
    ))
    assert image["alt"] == (
        "NI185 history: From 97,327 in 2008Q2 to 96,177.5 in 2008Q4; 1 quarter without data. "
        "Baseline 98,500. Targets: 2009Q1 95,500."
    )
    assert not list(chart.iter(f"{SVG}title"))
    texts = [t.text for t in chart.iter(f"{SVG}text")]
    assert {"2008", "2009", "Value (tonnes CO2)", "Actual", "Target", "Baseline"} <= set(texts)
    assert not {"Q1", "Q2", "Quarter"} & set(texts)  # the years name the axis in print


def test_print_form_escapes_the_alt_text():
    image, _svg = parse_print_image(sparkline_svg(POINTS, title='"><script>alert(1)</script>', for_print=True))
    assert image["alt"].startswith('"><script>alert(1)</script>: From')
    assert "<script>" not in str(sparkline_svg(POINTS, title="<script>", for_print=True))
