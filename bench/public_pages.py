"""The anonymous public pages under load, against a bare Django view served by the same gunicorn
in the same run (issue 9): req/s at 32 connections, the ratio to the bare view, p99 and errors.
HTML pages should reach 0.6x the bare view, the Popolo export and the iCalendar feed 0.3x.

`run()` needs a configured Django with an empty schema (as `python -m bench` gives it); the
served portal reads the same database (bench/serve.py).
"""

import io
from dataclasses import dataclass

from django.core.management import call_command
from django.urls import reverse

from .serve import BARE_PATH, Server, wrk

SECONDS = 8
HTML_TARGET, DATA_TARGET = 0.6, 0.3


@dataclass
class Row:
    page: str
    path: str
    target: float | None
    requests_per_s: float
    ratio: float | None
    p99_ms: float
    errors: int


def public_pages():
    """(label, path, target ratio) of each page issue 9 measures, on the demo's data."""
    from meetings.selectors import PUBLIC, published_minutes

    minutes = published_minutes(PUBLIC).first()
    return [
        ("/", reverse("partnerships:home"), HTML_TARGET),
        ("/structure/", reverse("partnerships:structure"), HTML_TARGET),
        ("/meetings/", reverse("meetings:calendar"), HTML_TARGET),
        ("/minutes/", reverse("meetings:minutes-list"), HTML_TARGET),
        ("a published minutes page", reverse("meetings:minutes", kwargs={"pk": minutes.meeting_id}), HTML_TARGET),
        ("/performance/", reverse("performance:dashboard"), HTML_TARGET),
        ("/data/popolo.json", reverse("partnerships:popolo"), DATA_TARGET),
        ("/meetings.ics", reverse("meetings:ical"), DATA_TARGET),
    ]


def run(*, seconds=SECONDS, log=print):
    call_command("load_demo", stdout=io.StringIO())
    pages = public_pages()
    with Server() as server:
        log(f"  {server.describe()}")
        log(f"  wrk {seconds} s per page at 32 connections; the bare view first and last")
        for _, path, _ in pages:
            status, _ = server.get(path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}:\n{server.output()}")
        bare_runs = [wrk(server, BARE_PATH, seconds=seconds, label="bare view")]
        measured = []
        for label, path, target in pages:
            result = wrk(server, path, seconds=seconds, label=label)
            measured.append((result, path, target))
            log(f"    {label}: {result.requests_per_s:.0f} req/s, p99 {result.p99_ms:.1f} ms")
        bare_runs.append(wrk(server, BARE_PATH, seconds=seconds, label="bare view"))
    bare_rate = sum(r.requests_per_s for r in bare_runs) / len(bare_runs)
    rows = [
        Row("bare Django view", BARE_PATH, None, bare_rate, 1.0,
            max(r.p99_ms for r in bare_runs), sum(r.errors for r in bare_runs)),
    ]
    rows += [
        Row(result.label, path, target, result.requests_per_s, result.requests_per_s / bare_rate,
            result.p99_ms, result.errors)
        for result, path, target in measured
    ]
    return rows


def print_table(rows, out=print):
    header = ("anonymous page", "req/s", "ratio to bare", "target", "p99 ms", "errors", "")
    cells = [
        (
            r.page, f"{r.requests_per_s:.0f}", f"{r.ratio:.2f}", f">= {r.target}" if r.target else "",
            f"{r.p99_ms:.1f}", str(r.errors),
            "" if r.target is None else ("ok" if r.ratio >= r.target and not r.errors else "BELOW TARGET"),
        )
        for r in rows
    ]
    widths = [max(len(str(c)) for c in column) for column in zip(header, *cells)]

    def line(row):
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths)))

    out(line(header))
    out(line(["-" * w for w in widths]))
    for row in cells:
        out(line(row))
