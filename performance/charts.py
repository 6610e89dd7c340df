"""Charts as server-side SVG markup: no JavaScript, so the same chart serves the dashboard, the
indicator page and the PDF report (WeasyPrint renders inline SVG). Each chart carries a <title>
and a <desc> that say in words what it shows, for screen readers and for text-only clients.

Points are (Quarter, value) pairs in time order; a value of None is a quarter without data and
leaves a gap in the line.
"""

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


def _svg(*, width, height, title, desc, body, css_class, ident):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


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


def sparkline_svg(points, *, width=120, height=28, title="Trend", unit="", rag=None):
    """A small line of the values over time, its last point marked in the latest status's colour."""
    points = list(points)
    ident = _id("spark", title, tuple((str(q), str(v)) for q, v in points))
    desc = _describe(points, unit)
    values = [v for _, v in points if v is not None]
    if not values:
        body = f'<line x1="2" y1="{height / 2}" x2="{width - 2}" y2="{height / 2}" stroke="{COLOURS["grid"]}" stroke-dasharray="3 3"/>'
        return _svg(width=width, height=height, title=title, desc=desc, body=body, css_class="sparkline", ident=ident)
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
    return _svg(width=width, height=height, title=title, desc=desc, body=body, css_class="sparkline", ident=ident)


def rag_history_svg(history, *, title="Status by quarter"):
    """A strip of squares, one per quarter oldest first, each in the colour of that quarter's
    roll-up (rag.RollUp); the first and last quarters named beneath. `history`: [(Quarter, RollUp)]."""
    history = list(history)
    ident = _id("raghistory", title, tuple((str(q), r.rag.value, r.missing) for q, r in history))
    desc = "; ".join(f"{q}: {r.label}" for q, r in history) + "." if history else "No quarters yet."
    size, gap, pad = 14, 3, 1
    width = max(pad * 2 + len(history) * (size + gap) - gap, 60)
    height = size + 16
    if not history:
        body = f'<line x1="2" y1="{size / 2}" x2="{width - 2}" y2="{size / 2}" stroke="{COLOURS["grid"]}" stroke-dasharray="3 3"/>'
        return _svg(width=width, height=height, title=title, desc=desc, body=body, css_class="rag-history", ident=ident)
    font = 'font-family="Helvetica, Arial, sans-serif" font-size="9"'
    parts = []
    for i, (quarter, summary) in enumerate(history):
        x = pad + i * (size + gap)
        parts.append(
            f'<rect x="{x}" y="{pad}" width="{size}" height="{size}" rx="2" fill="{COLOURS[summary.rag]}" '
            f'class="rag-history__{summary.rag.value}"><title>{escape(f"{quarter}: {summary.label}")}</title></rect>'
        )
    parts.append(f'<text x="{pad}" y="{height - 2}" {font} fill="{COLOURS["axis"]}">{escape(str(history[0][0]))}</text>')
    if len(history) > 1:
        parts.append(f'<text x="{width - pad}" y="{height - 2}" text-anchor="end" {font} fill="{COLOURS["axis"]}">{escape(str(history[-1][0]))}</text>')
    return _svg(width=width, height=height, title=title, desc=desc, body="".join(parts), css_class="rag-history", ident=ident)


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
                      width=640, height=300):
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
    if not quarters:
        body = f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" font-size="14" fill="{COLOURS["axis"]}">No values yet</text>'
        return _svg(width=width, height=height, title=title, desc=desc, body=body, css_class="history-chart", ident=ident)

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

    font = 'font-family="Helvetica, Arial, sans-serif"'
    parts = []
    for tick in ticks:
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" stroke="{COLOURS["grid"]}"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11" {font} fill="{COLOURS["axis"]}">{escape(format_number(Decimal(str(tick))))}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{COLOURS["axis"]}"/>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{COLOURS["axis"]}"/>')
    for i, q in enumerate(quarters):
        parts.append(f'<text x="{x(q):.1f}" y="{top + plot_h + 15}" text-anchor="middle" font-size="11" {font} fill="{COLOURS["axis"]}">Q{q.number}</text>')
        if q.number == 1 or i == 0:
            parts.append(f'<text x="{x(q):.1f}" y="{top + plot_h + 29}" text-anchor="middle" font-size="11" font-weight="bold" {font} fill="{COLOURS["axis"]}">{q.year}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle" font-size="12" {font} fill="{COLOURS["axis"]}">Quarter</text>')
    y_title = f"Value ({unit})" if unit else "Value"
    parts.append(f'<text transform="translate(14 {top + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" font-size="12" {font} fill="{COLOURS["axis"]}">{escape(y_title)}</text>')

    if baseline is not None:
        parts.append(f'<line x1="{left}" y1="{y(baseline):.1f}" x2="{width - right}" y2="{y(baseline):.1f}" stroke="{COLOURS["baseline"]}" stroke-width="1.5" stroke-dasharray="2 3"><title>Baseline {escape(format_number(baseline, unit))}</title></line>')
    line = trajectory or sorted(targets.items())
    line = [(q, v) for q, v in line if q in position]
    if len(line) > 1:
        parts.append(_polyline([(x(q), y(v)) for q, v in line], stroke=COLOURS["target"], stroke_width="2", stroke_dasharray="6 4", class_="target-line"))
    for q, v in sorted(targets.items()):
        cx, cy = x(q), y(v)
        parts.append(f'<path d="M{cx:.1f} {cy - 6:.1f} L{cx + 6:.1f} {cy:.1f} L{cx:.1f} {cy + 6:.1f} L{cx - 6:.1f} {cy:.1f} Z" fill="#fff" stroke="{COLOURS["target"]}" stroke-width="2"><title>Target {q}: {escape(format_number(v, unit))}</title></path>')
    coords = [(x(q), y(v)) if v is not None else None for q, v in points]
    for run in _segments(coords):
        if len(run) > 1:
            parts.append(_polyline(run, stroke=COLOURS["actual"], stroke_width="2.5", stroke_linejoin="round"))
    for (q, v), xy in zip(points, coords):
        if xy is None:
            continue
        status = rags.get(q)
        colour = COLOURS[RAG(status)] if status else COLOURS["actual"]
        label = f"{q}: {format_number(v, unit)}" + (f" ({RAG(status).label})" if status else "")
        parts.append(f'<circle cx="{xy[0]:.1f}" cy="{xy[1]:.1f}" r="4.5" fill="{colour}" stroke="#fff" stroke-width="1.5"><title>{escape(label)}</title></circle>')

    legend_y = 16
    parts.append(f'<g font-size="12" {font} fill="{COLOURS["axis"]}">'
                 f'<line x1="{left}" y1="{legend_y}" x2="{left + 22}" y2="{legend_y}" stroke="{COLOURS["actual"]}" stroke-width="2.5"/>'
                 f'<text x="{left + 28}" y="{legend_y + 4}">Actual</text>'
                 f'<line x1="{left + 90}" y1="{legend_y}" x2="{left + 112}" y2="{legend_y}" stroke="{COLOURS["target"]}" stroke-width="2" stroke-dasharray="6 4"/>'
                 f'<text x="{left + 118}" y="{legend_y + 4}">Target</text>'
                 + (f'<line x1="{left + 180}" y1="{legend_y}" x2="{left + 202}" y2="{legend_y}" stroke="{COLOURS["baseline"]}" stroke-width="1.5" stroke-dasharray="2 3"/>'
                    f'<text x="{left + 208}" y="{legend_y + 4}">Baseline</text>' if baseline is not None else "")
                 + "</g>")
    return _svg(width=width, height=height, title=title, desc=desc, body="".join(parts), css_class="history-chart", ident=ident)
