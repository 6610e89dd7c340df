"""The quarterly performance report as a printable PDF (seed 001: the Thematic Partnerships and
LSP Joint Chairs Group "receive the quarterly performance reports on achievement of Community
Strategy outcomes" and report on them "with a focus on exceptions").

`report_html` builds the document from the same scorecard the dashboard shows; `render_pdf`
turns it into PDF bytes with WeasyPrint. The print stylesheet is inlined, so the HTML fetches
only its own charts (SVG data: URLs); WeasyPrint's URL fetcher reads those and the project's
static files and nothing else, so that no text in the data can make the server fetch a URL or
read another file.
"""

import base64
import binascii
import gc
import hashlib
import logging
from contextlib import contextmanager

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format

from meetings.pdf import PDF_OPTIONS, STATIC_DIR, RefusedURL, html_document, static_file_response

from .charts import PRINT_IMAGE_PREFIX, history_chart_svg
from .models import Target
from .periods import Quarter
from .rag import RAG, expected_value, indicator_rag
from .scorecard import scorecard
from .selectors import milestone_done, milestones_judged_on
from .statuses import ExceptionKind

PRINT_CSS = STATIC_DIR / "css" / "report-print.css"
# The order of the summary's columns, as the scorecard counts them.
RAG_ORDER = (RAG.GREEN, RAG.AMBER, RAG.RED, RAG.NO_DATA)
# Quarters of history drawn in each indicator's chart: two years, as the quarterly returns go.
HISTORY_QUARTERS = 8
# WeasyPrint logs every rendering step at INFO; the portal's log wants only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def static_only_fetcher(url):
    """WeasyPrint's fetch for the report: a file under the project's static/ directory or one
    of the report's own charts (an SVG as a data: URL, performance.charts), and nothing else
    (no http(s), other data: or other file: URLs); RefusedURL otherwise. Nothing a user typed
    can become a URL here: the template escapes it."""
    from weasyprint.urls import URLFetcherResponse

    if url.startswith(PRINT_IMAGE_PREFIX):
        try:
            svg = base64.b64decode(url.removeprefix(PRINT_IMAGE_PREFIX), validate=True)
        except binascii.Error as error:
            raise RefusedURL(f"Not a chart of the report: {url[:200]}") from error
        return URLFetcherResponse(url, svg, {"Content-Type": "image/svg+xml"})
    return static_file_response(url)


@contextmanager
def gc_paused():
    """Python's cyclic garbage collector paused for the duration. WeasyPrint allocates millions
    of small objects while it lays out a report, and the collector's passes over them add about
    a third to a large render (bench/report.py); what the render leaves is collected after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_pdf_and_pages(html):
    """(PDF bytes, number of pages) of an HTML document whose relative URLs resolve under static/."""
    with gc_paused():
        document = html_document(html, static_only_fetcher).render()
        return document.write_pdf(**PDF_OPTIONS), len(document.pages)


def render_pdf(html):
    """PDF bytes of an HTML document whose relative URLs resolve under static/."""
    return render_pdf_and_pages(html)[0]


def _targets_by_indicator(strategy):
    """{indicator id: {Quarter: value}}: every target, for the charts' trajectories."""
    targets = {}
    for indicator_id, period, value in Target.objects.filter(
        indicator__outcome__theme__strategy=strategy
    ).values_list("indicator_id", "period", "value"):
        targets.setdefault(indicator_id, {})[Quarter.parse(period)] = value
    return targets


def indicator_chart(row, targets, tolerance):
    """The indicator's trend chart: its last HISTORY_QUARTERS quarters, each point coloured by
    its status then, against the trajectory from baseline to its targets (the same rules as the
    dashboard: performance.rag)."""
    indicator = row.indicator
    points = row.trend[-HISTORY_QUARTERS:]
    shown = [q for q, _ in points] or [row.period]
    later = sorted((q, v) for q, v in targets.items() if q > shown[-1])
    common = dict(baseline_value=indicator.baseline_value, baseline_date=indicator.baseline_date, targets=targets)
    trajectory = [(q, expected_value(period=q, **common)) for q in shown] + later
    rags = {
        q: indicator_rag(direction=indicator.direction, value=v, period=q, tolerance=tolerance, **common)
        for q, v in points if v is not None
    }
    in_view = {q: v for q, v in targets.items() if q >= shown[0]}
    return history_chart_svg(
        points, in_view, indicator.baseline_value, trajectory=trajectory, rags=rags, unit=indicator.unit,
        title=f"{indicator.code}: values by quarter against the target", width=420, height=220, for_print=True,
    )


# Exceptions about the figures themselves, which a chart of the figures explains; an overdue
# milestone of an indicator on track is explained by its reason alone.
CHARTED_EXCEPTIONS = {ExceptionKind.RED, ExceptionKind.WORSE, ExceptionKind.NO_DATA}


def _attach_exception_details(card, targets, tolerance):
    """Give each theme its `exception_rows`: the indicators with an exception, once each, in the
    exceptions' order, with every reason (`exception_reasons`) and, for exceptions about their
    figures, a trend `chart` (a chart costs WeasyPrint some 35 ms: the other indicators' trend
    is their sparkline)."""
    rows = {}
    for exception in card.exceptions:
        row = exception.indicator
        if row.indicator.pk not in rows:
            rows[row.indicator.pk] = row
            row.exception_reasons, row.chart = [], None
        row.exception_reasons += exception.reasons
        if row.chart is None and CHARTED_EXCEPTIONS.intersection(exception.kinds):
            row.chart = indicator_chart(row, targets.get(row.indicator.pk, {}), tolerance)
    for theme in card.themes:
        theme.exception_rows = [row for row in rows.values() if row.theme.pk == theme.theme.pk]


def _theme_summary(theme, exceptions):
    counts = {rag: 0 for rag in RAG}
    for row in theme.indicators:
        counts[row.rag] += 1
    return {
        "theme": theme,
        "counts": [(rag, counts[rag]) for rag in RAG_ORDER],
        "exceptions": sum(1 for e in exceptions if e.theme.pk == theme.theme.pk),
    }


# Stand-ins for the time of printing while the document is fingerprinted: the fingerprint covers
# everything in the report but when it was printed.
PRINTED_DATE, PRINTED_TIME = "\ue000printed-date\ue000", "\ue000printed-time\ue000"


def report_html(strategy, period):
    return report_document(strategy, period)[0]


def report_document(strategy, period):
    """(HTML, fingerprint): the report and a SHA-256 digest of its content, the same for two
    renders of unchanged figures, so that an unchanged report is served, not rendered again.
    The report of `strategy` for the quarter `period` as one HTML document, print CSS
    inlined: cover, summary of themes, exceptions, then each theme's outcomes, indicators (with
    baseline, target, trend chart and milestones) and risks. The full internal view: it covers
    unpublished quarters, so it is for executives, staff and the bodies that receive it."""
    period = Quarter.parse(period)
    card = scorecard(strategy=strategy, period=period, user=None)
    as_at = milestones_judged_on(period)
    for row in card.indicators:
        row.milestones_as_at = [(m, milestone_done(m, as_at), m in row.overdue_milestones) for m in row.milestones]
    _attach_exception_details(card, _targets_by_indicator(strategy), strategy.amber_tolerance)
    summaries = [_theme_summary(theme, card.exceptions) for theme in card.themes]
    html = render_to_string("performance/pdf/report.html", {
        "strategy": strategy,
        "period": period,
        "card": card,
        "summaries": summaries,
        "totals": card.rag_counts,
        "indicator_count": len(card.indicators),
        "recipients": list(strategy.report_recipients.order_by("name")),
        "printed_date": PRINTED_DATE,
        "printed_time": PRINTED_TIME,
        "portal_name": settings.PORTAL_NAME,
        "print_css": PRINT_CSS.read_text(encoding="utf-8"),
    })
    fingerprint = hashlib.sha256(html.encode()).hexdigest()
    now = timezone.localtime()
    html = html.replace(PRINTED_DATE, date_format(now, "j F Y")).replace(PRINTED_TIME, date_format(now, "j F Y, H:i"))
    return html, fingerprint
