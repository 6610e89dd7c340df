"""Pages carry no inline CSS: every rule lives in static/css/, so the Content Security Policy can
refuse inline styles (style-src 'self', no 'unsafe-inline')."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
# WeasyPrint's quarterly report inlines static/css/report-print.css itself (the benchmark renders
# the HTML alone); it is never served to a browser.
PDF_ONLY = {"performance/pdf/report.html"}


def templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name not in PDF_ONLY:
            yield name, path.read_text()


def test_no_template_has_a_style_attribute():
    offenders = [name for name, text in templates() if re.search(r"\sstyle\s*=", text)]
    assert offenders == []


def test_no_template_has_a_style_element():
    offenders = [name for name, text in templates() if re.search(r"<style[\s>]", text, re.I)]
    assert offenders == []


def test_no_template_has_an_inline_script_or_event_handler():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=", re.I)
    offenders = [name for name, text in templates() if inline_script.search(text) or handler.search(text)]
    assert offenders == []


def test_every_stylesheet_a_template_links_exists():
    linked = {m for _, text in templates() for m in re.findall(r"\{% static '(css/[^']+)' %\}", text)}
    assert linked and all((ROOT / "static" / name).is_file() for name in linked)


def test_one_palette_page_stylesheets_use_portal_css_colours():
    """Colours are named once, in portal.css's :root; page stylesheets use var(--...) (white aside)."""
    pages = ["assessment", "attendance", "clerk", "glossary", "health", "performance", "terms"]
    hex_colour = re.compile(r"#(?!fff\b)[0-9a-fA-F]{3,6}\b", re.I)
    offenders = {name: hex_colour.findall((ROOT / "static" / "css" / f"{name}.css").read_text()) for name in pages}
    assert {name: found for name, found in offenders.items() if found} == {}
