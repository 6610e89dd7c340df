"""What the structure pages cost at two scales: query counts and latency through the test
client, and the time a tree move takes under the tree lock.

Needs a configured Django with an empty schema; bench/__main__.py provides one.
"""

import statistics
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Body, Membership
from partnerships.services import move_body
from partnerships.tree import tree_problems

from .generate import generate_partnership

# "realistic" is the demo's scale (a county partnership as the seeds describe it); "large" is
# a partnership far bigger than any real one, to show what grows with the data.
SCALES = {"realistic": (60, 600), "large": (5000, 50000)}
AS_AT = "2009-06-01"
MOVE = "move_body (a thematic subtree, out and back)"
# Keeps `make bench` within about three minutes: the large Popolo export takes seconds a request.
BUDGET_S = 15
MIN_RUNS = 5


@dataclass
class Result:
    page: str
    scale: str
    bodies: int
    memberships: int
    queries: int
    runs: int
    median_ms: float
    p95_ms: float
    kilobytes: float | None = None
    note: str = ""


def _p95(times):
    return statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) > 1 else times[0]


def measure_page(client, url, *, runs, warmups, budget_s=BUDGET_S):
    """(queries, runs, median ms, p95 ms, response KB) of GET `url`; fails on a non-200.
    A page slower than `budget_s` / `runs` gets fewer runs (never under MIN_RUNS)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    # Count now: the log is cleared at the start of every later request.
    queries = len(captured)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, not 200")
    size = len(response.content) / 1024
    for _ in range(max(0, warmups - 1)):
        client.get(url)
    times = []
    while len(times) < runs and (len(times) < MIN_RUNS or sum(times) < budget_s * 1000):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return queries, len(times), statistics.median(times), _p95(times), size


def measure_move(subtree, targets, *, runs):
    """Move `subtree` to each of `targets` in turn, `runs` times, each move under the tree lock."""
    times, counts = [], []
    for i in range(runs):
        target = Body.objects.get(pk=targets[i % len(targets)].pk)
        body = Body.objects.get(pk=subtree.pk)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            move_body(body=body, target=target)
            times.append((time.perf_counter() - started) * 1000)
        counts.append(len(queries))
    problems = tree_problems()
    if problems:
        raise RuntimeError(f"the tree is corrupt after moving {subtree}: {problems[:5]}")
    return max(counts), statistics.median(times), _p95(times)


def _reset():
    """Empty every table; flush re-creates what migrations create (permissions, groups)."""
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()


def bench_scale(scale, *, runs, warmups, seed=1, log=print):
    bodies, memberships = SCALES[scale]
    _reset()
    started = time.perf_counter()
    info = generate_partnership(bodies=bodies, memberships=memberships, seed=seed)
    log(
        f"  {scale}: generated {info['bodies']:,} bodies, {info['memberships']:,} memberships, "
        f"{info['people']:,} people, {info['organisations']} organisations in "
        f"{time.perf_counter() - started:.1f} s; tree problems: {len(tree_problems())}"
    )
    counts = (Body.objects.count(), Membership.objects.count())

    anonymous = Client()
    staff = Client()
    staff.force_login(
        get_user_model().objects.create_user(
            username="bench-staff@example.org", email="bench-staff@example.org", is_staff=True
        )
    )
    structure = reverse("partnerships:structure")
    pages = [
        ("/structure/ (anonymous)", anonymous, structure),
        ("/structure/ (staff)", staff, structure),
        (f"/structure/?on={AS_AT}", anonymous, f"{structure}?on={AS_AT}"),
        ("body page (busiest body)", anonymous, reverse("partnerships:body", kwargs={"slug": info["sample_body_slug"]})),
        ("organisation page (county)", anonymous, reverse("partnerships:organisation", kwargs={"slug": info["sample_organisation_slug"]})),
        ("/data/popolo.json", anonymous, reverse("partnerships:popolo")),
    ]
    results = []
    for label, client, url in pages:
        queries, timed, median, p95, size = measure_page(client, url, runs=runs, warmups=warmups)
        results.append(Result(label, scale, *counts, queries, timed, median, p95, size))
        log(f"    {label}: {queries} queries, median {median:.1f} ms")

    subtree = Body.objects.get(slug=info["subtree_slug"])
    home = subtree.parent
    elsewhere = Body.objects.filter(level=1).exclude(pk=home.pk).order_by("lft").first()
    # Out and back, so every run moves the same subtree the same distance.
    moves = runs + runs % 2
    queries, median, p95 = measure_move(subtree, [elsewhere, home], runs=moves)
    note = f"{subtree} and the {info['subtree_size'] - 1} bodies under it, between {home} and {elsewhere}"
    results.append(Result(MOVE, scale, *counts, queries, moves, median, p95, note=note))
    log(f"    move_body of {note}: {queries} queries, median {median:.1f} ms")
    return results


def print_table(results, out=print):
    realistic = {r.page: r.median_ms for r in results if r.scale == "realistic"}
    pages = list(dict.fromkeys(r.page for r in results))
    header = ("page", "scale", "bodies", "memberships", "queries", "runs", "median ms", "p95 ms", "KB", "large/realistic")
    rows = [
        (
            r.page, r.scale, f"{r.bodies:,}", f"{r.memberships:,}", str(r.queries), str(r.runs),
            f"{r.median_ms:.1f}", f"{r.p95_ms:.1f}",
            f"{r.kilobytes:.0f}" if r.kilobytes is not None else "",
            f"x{r.median_ms / realistic[r.page]:.1f}" if r.scale != "realistic" and realistic.get(r.page) else "",
        )
        for r in sorted(results, key=lambda r: (pages.index(r.page), r.scale != "realistic"))
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    numeric = set(range(2, len(header)))

    def line(cells):
        return " | ".join(
            str(c).rjust(w) if i in numeric else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths))
        )

    out(line(header))
    out("-+-".join("-" * w for w in widths))
    for row in rows:
        out(line(row))
    for r in results:
        if r.note:
            out(f"{r.page}, {r.scale}: {r.note}")


def run(*, scales=("realistic", "large"), runs=15, warmups=2, log=print):
    results = []
    for scale in scales:
        results += bench_scale(scale, runs=runs, warmups=warmups, log=log)
    return results
