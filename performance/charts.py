"""Charts as server-side SVG markup: no JavaScript, so the same chart serves the dashboard, the
indicator page and the PDF report (WeasyPrint renders inline SVG). Each chart carries a <title>
and a <desc> that say in words what it shows, for screen readers and for text-only clients.

Each chart also comes in a print form (`for_print=True`) for the PDF report: an <img> whose
source is the SVG as a data: URL and whose alt text says in one sentence what the chart shows
(the tagged PDF's alternative text for the figure). As an image, the SVG is parsed by
ElementTree rather than by the HTML parser, and its nodes get no CSS cascade of their own; it
has no tooltips or other nodes a page cannot use, because WeasyPrint pays for every node and
lays out SVG text one letter at a time (bench/report.py).

Points are (Quarter, value) pairs in time order; a value of None is a quarter without data and
leaves a gap in the line.
"""

import base64
import hashlib
import math
from decimal import Decimal
from html import escape

from django.utils.safestring import mark_safe

from .periods import quarters_between
from .rag import RAG

COLOURS = {
    "actual": "#0b4f5c",
    "target": "#505a5f",
    "baseline": "#6f777b",
    "grid": "#dfe1e2",
    "axis": "#0b0c0c",
    RAG.GREEN: "#00703c",
    RAG.AMBER: "#f47738",
    RAG.RED: "#d4351c",
    RAG.NO_DATA: "#b1b4b6",
}
FONT = 'font-family="Helvetica, Arial, sans-serif"'


def format_number(value, unit=""):
    """A value as people write it: thousands separated, no trailing zeros (1,234.5; 12; 0.25)."""
    if value is None:
        return "–"
    value = Decimal(value)
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if unit == "%":
        return f"{text}%"
    return text


def _id(kind, *parts):
    digest = hashlib.sha1(repr((kind, parts)).encode()).hexdigest()[:10]
    return f"{kind}-{digest}"


# The one kind of data: URL the PDF's URL fetcher reads (performance.report.static_only_fetcher):
# the print charts below, which only this module writes.
PRINT_IMAGE_PREFIX = "data:image/svg+xml;base64,"


def _svg(body, *, width, height, title, desc, css_class, ident, for_print=False):
    opening = (f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" width="{width}" height="{height}" '
               f'viewBox="0 0 {width} {height}"')
    if for_print:
        source = PRINT_IMAGE_PREFIX + base64.b64encode(f"{opening}>{body}</svg>".encode()).decode("ascii")
        return mark_safe(
            f'<img class="{css_class}" width="{width}" height="{height}" alt="{escape(title)}: {escape(desc)}" '
            f'src="{source}">'
        )
    return mark_safe(
        f'{opening} role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def _tooltip(text, for_print):
    """A <title> child naming one mark of a chart, shown on hover; none in print."""
    return "" if for_print else f"<title>{escape(text)}</title>"


def _diamond(cx, cy, r=6):
    return f"M{cx:.1f} {cy - r:.1f}L{cx + r:.1f} {cy:.1f}L{cx:.1f} {cy + r:.1f}L{cx - r:.1f} {cy:.1f}Z"


def _dot(cx, cy, r=4.5):
    """A circle as path data, so that many can share one <path>."""
    return f"M{cx - r:.1f} {cy:.1f}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0Z"


def _marks(marks, style, for_print):
    """Marks [(path data, tooltip)] drawn alike: a <path> each with its tooltip on a page, all in
    one <path> in print, which has no tooltips."""
    if not marks:
        return []
    if for_print:
        return [f'<path d="{"".join(d for d, _ in marks)}" {style}/>']
    return [f'<path d="{d}" {style}><title>{escape(label)}</title></path>' for d, label in marks]


def _segments(coords):
    """Runs of consecutive points with values: lines break at quarters without data."""
    runs, run = [], []
    for xy in coords:
        if xy is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(xy)
    if run:
        runs.append(run)
    return runs


def _polyline(points, **attrs):
    extra = " ".join(f'{k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" fill="none" {extra}/>'


def _describe(points, unit):
    known = [(q, v) for q, v in points if v is not None]
    if not known:
        return "No values yet."
    first, last = known[0], known[-1]
    missing = sum(1 for _, v in points if v is None)
    text = f"From {format_number(first[1], unit)} in {first[0]} to {format_number(last[1], unit)} in {last[0]}"
    return text + (f"; {missing} quarter{'s' if missing != 1 else ''} without data." if missing else ".")


def sparkline_svg(points, *, width=120, height=28, title="Trend", unit="", rag=None, for_print=False):
    """A small line of the values over time, its last point marked in the latest status's colour."""
    points = list(points)
    ident = _id("spark", title, tuple((str(q), str(v)) for q, v in points))
    desc = _describe(points, unit)
    frame = dict(width=width, height=height, title=title, desc=desc, css_class="sparkline", ident=ident, for_print=for_print)
    values = [v for _, v in points if v is not None]
    if not values:
        body = f'<line x1="2" y1="{height / 2}" x2="{width - 2}" y2="{height / 2}" stroke="{COLOURS["grid"]}" stroke-dasharray="3 3"/>'
        return _svg(body, **frame)
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    pad = 3
    step = (width - 2 * pad) / max(len(points) - 1, 1)

    def xy(i, v):
        return pad + i * step, pad + float((high - v) / span) * (height - 2 * pad)

    coords = [xy(i, v) if v is not None else None for i, (_, v) in enumerate(points)]
    body = "".join(
        _polyline(run, stroke=COLOURS["actual"], stroke_width="1.5", stroke_linejoin="round")
        for run in _segments(coords) if len(run) > 1
    )
    last = next(c for c in reversed(coords) if c is not None)
    colour = COLOURS.get(RAG(rag), COLOURS["actual"]) if rag else COLOURS["actual"]
    body += f'<circle cx="{last[0]:.1f}" cy="{last[1]:.1f}" r="2.5" fill="{colour}"/>'
    return _svg(body, **frame)


def rag_history_svg(history, *, title="Status by quarter", for_print=False):
    """A strip of squares, one per quarter oldest first, each in the colour of that quarter's
    roll-up (rag.RollUp); the first and last quarters named beneath. `history`: [(Quarter, RollUp)]."""
    history = list(history)
    ident = _id("raghistory", title, tuple((str(q), r.rag.value, r.missing) for q, r in history))
    desc = "; ".join(f"{q}: {r.label}" for q, r in history) + "." if history else "No quarters yet."
    size, gap, pad = 14, 3, 1
    width = max(pad * 2 + len(history) * (size + gap) - gap, 60)
    height = size + 16
    frame = dict(width=width, height=height, title=title, desc=desc, css_class="rag-history", ident=ident, for_print=for_print)
    if not history:
        body = f'<line x1="2" y1="{size / 2}" x2="{width - 2}" y2="{size / 2}" stroke="{COLOURS["grid"]}" stroke-dasharray="3 3"/>'
        return _svg(body, **frame)
    font = f'{FONT} font-size="9"'
    parts = []
    for i, (quarter, summary) in enumerate(history):
        x = pad + i * (size + gap)
        parts.append(
            f'<rect x="{x}" y="{pad}" width="{size}" height="{size}" rx="2" fill="{COLOURS[summary.rag]}" '
            f'class="rag-history__{summary.rag.value}">{_tooltip(f"{quarter}: {summary.label}", for_print)}</rect>'
        )
    parts.append(f'<text x="{pad}" y="{height - 2}" {font} fill="{COLOURS["axis"]}">{escape(str(history[0][0]))}</text>')
    if len(history) > 1:
        parts.append(f'<text x="{width - pad}" y="{height - 2}" text-anchor="end" {font} fill="{COLOURS["axis"]}">{escape(str(history[-1][0]))}</text>')
    return _svg("".join(parts), **frame)


def _nice_ticks(low, high, count=5):
    """About `count` round tick values covering low..high."""
    low, high = float(low), float(high)
    if high == low:
        high, low = high + 1, low - 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10, 20) if m * magnitude >= raw)
    start = (low // step) * step
    ticks, tick = [], start
    while tick <= high + step * 1e-9:
        ticks.append(round(tick, 10))
        tick += step
    if ticks[-1] < high:
        ticks.append(round(tick, 10))
    return ticks


def history_chart_svg(points, targets, baseline, *, trajectory=None, rags=None, title="History", unit="",
                      width=640, height=300, for_print=False):
    """The values quarter by quarter with the target line (the trajectory from baseline to
    targets when given, else a line through the targets), target markers, the baseline as a
    dotted line, axis labels for quarters and values, and a legend.

    `targets`: {Quarter: value}; `baseline`: a value (or None); `trajectory`: [(Quarter,
    expected value)]; `rags`: {Quarter: RAG} colours each point by its status."""
    points = list(points)
    targets = dict(targets or {})
    if isinstance(baseline, tuple):  # (quarter, value): the quarter is not drawn
        baseline = baseline[1]
    trajectory = list(trajectory or [])
    rags = rags or {}
    quarters = sorted({q for q, _ in points} | set(targets) | {q for q, _ in trajectory})
    ident = _id("history", title, tuple((str(q), str(v)) for q, v in points), tuple(sorted((str(q), str(v)) for q, v in targets.items())))
    desc_parts = [_describe(points, unit)]
    if baseline is not None:
        desc_parts.append(f"Baseline {format_number(baseline, unit)}.")
    if targets:
        desc_parts.append("Targets: " + "; ".join(f"{q} {format_number(v, unit)}" for q, v in sorted(targets.items())) + ".")
    desc = " ".join(desc_parts)
    frame = dict(width=width, height=height, title=title, desc=desc, css_class="history-chart", ident=ident, for_print=for_print)
    if not quarters:
        body = f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" font-size="14" fill="{COLOURS["axis"]}">No values yet</text>'
        return _svg(body, **frame)

    quarters = quarters_between(quarters[0], quarters[-1])
    values = [v for _, v in points if v is not None] + list(targets.values()) + [v for _, v in trajectory]
    if baseline is not None:
        values.append(baseline)
    values = [Decimal(v) for v in values if v is not None] or [Decimal(0)]
    ticks = _nice_ticks(min(values), max(values))
    left, right, top, bottom = 64, 16, 34, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    y_low, y_high = ticks[0], ticks[-1]
    step = plot_w / max(len(quarters) - 1, 1)
    position = {q: i for i, q in enumerate(quarters)}

    def x(q):
        return left + position[q] * step

    def y(v):
        return top + (y_high - float(v)) / ((y_high - y_low) or 1) * plot_h

    # Lines of one style are one <path>, and the labels' font and colour are given once, on a
    # group: WeasyPrint does a node's worth of work for every element and attribute.
    grid = " ".join(f"M{left} {y(tick):.1f}H{width - right}" for tick in ticks)
    axes = f"M{left} {top}V{top + plot_h}H{width - right}"
    if for_print:  # a tick for each quarter, the years named: the figures are in the tables
        axes += "".join(f"M{x(q):.1f} {top + plot_h}v4" for q in quarters)
    parts = [f'<path d="{grid}" stroke="{COLOURS["grid"]}" fill="none"/>', f'<path d="{axes}" stroke="{COLOURS["axis"]}" fill="none"/>']
    parts.append(f'<g {FONT} font-size="11" fill="{COLOURS["axis"]}">')
    parts += [f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{escape(format_number(Decimal(str(tick))))}</text>'
              for tick in ticks]
    for i, q in enumerate(quarters):
        if not for_print:
            parts.append(f'<text x="{x(q):.1f}" y="{top + plot_h + 15}" text-anchor="middle">Q{q.number}</text>')
        if q.number == 1 or i == 0:
            year_y = top + plot_h + (17 if for_print else 29)
            parts.append(f'<text x="{x(q):.1f}" y="{year_y}" text-anchor="middle" font-weight="bold">{q.year}</text>')
    if not for_print:
        parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle" font-size="12">Quarter</text>')
    y_title = f"Value ({unit})" if unit else "Value"
    parts.append(f'<text transform="translate(14 {top + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" font-size="12">{escape(y_title)}</text>')
    parts.append("</g>")

    if baseline is not None:
        parts.append(f'<line x1="{left}" y1="{y(baseline):.1f}" x2="{width - right}" y2="{y(baseline):.1f}" stroke="{COLOURS["baseline"]}" stroke-width="1.5" stroke-dasharray="2 3">'
                     f'{_tooltip(f"Baseline {format_number(baseline, unit)}", for_print)}</line>')
    line = trajectory or sorted(targets.items())
    line = [(q, v) for q, v in line if q in position]
    if len(line) > 1:
        parts.append(_polyline([(x(q), y(v)) for q, v in line], stroke=COLOURS["target"], stroke_width="2", stroke_dasharray="6 4", class_="target-line"))
    marks = [(_diamond(x(q), y(v)), f"Target {q}: {format_number(v, unit)}") for q, v in sorted(targets.items())]
    parts += _marks(marks, f'fill="#fff" stroke="{COLOURS["target"]}" stroke-width="2"', for_print)
    coords = [(x(q), y(v)) if v is not None else None for q, v in points]
    for run in _segments(coords):
        if len(run) > 1:
            parts.append(_polyline(run, stroke=COLOURS["actual"], stroke_width="2.5", stroke_linejoin="round"))
    dots = {}
    for (q, v), xy in zip(points, coords):
        if xy is None:
            continue
        status = rags.get(q)
        label = f"{q}: {format_number(v, unit)}" + (f" ({RAG(status).label})" if status else "")
        dots.setdefault(COLOURS[RAG(status)] if status else COLOURS["actual"], []).append((_dot(*xy), label))
    for colour, colour_marks in dots.items():
        parts += _marks(colour_marks, f'fill="{colour}" stroke="#fff" stroke-width="1.5"', for_print)

    legend_y = 16
    parts.append(f'<g font-size="12" {FONT} fill="{COLOURS["axis"]}">'
                 f'<line x1="{left}" y1="{legend_y}" x2="{left + 22}" y2="{legend_y}" stroke="{COLOURS["actual"]}" stroke-width="2.5"/>'
                 f'<text x="{left + 28}" y="{legend_y + 4}">Actual</text>'
                 f'<line x1="{left + 90}" y1="{legend_y}" x2="{left + 112}" y2="{legend_y}" stroke="{COLOURS["target"]}" stroke-width="2" stroke-dasharray="6 4"/>'
                 f'<text x="{left + 118}" y="{legend_y + 4}">Target</text>'
                 + (f'<line x1="{left + 180}" y1="{legend_y}" x2="{left + 202}" y2="{legend_y}" stroke="{COLOURS["baseline"]}" stroke-width="1.5" stroke-dasharray="2 3"/>'
                    f'<text x="{left + 208}" y="{legend_y + 4}">Baseline</text>' if baseline is not None else "")
                 + "</g>")
    return _svg("".join(parts), **frame)
