"""What the bulk imports cost, through the same functions the management commands call, on
files this module generates (in a temporary folder under bench/, removed afterwards):

- `import_structure` of a 2,001-body, 10,005-membership structure file into an empty database
  (budget 20 s), then the same file again, which changes nothing (budget 10 s); the tree must
  be consistent and export -> import -> export byte-equal;
- `import_attendance` and `import_measurements` at 10x the demo's size (the demo has 284
  attendance records at 23 meetings and 325 measurements): fresh, then again unchanged.

Times include reading and parsing the file, as the commands do; the CPU column is this process's
own time, which says more than wall time on a busy machine.
"""

import datetime
import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .table import print_rows

STRUCTURE_BODIES, STRUCTURE_MEMBERSHIPS = 2001, 10005
STRUCTURE_BUDGET_S, REIMPORT_BUDGET_S = 20.0, 10.0
DEMO_ATTENDANCE, DEMO_MEASUREMENTS = 284, 325
SCALE = 10


@dataclass
class Row:
    what: str
    rows: int
    wall_s: float
    cpu_s: float
    queries: int
    outcome: str
    verdict: str = ""


def _timed(fn):
    with CaptureQueriesContext(connection) as queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    return result, wall, cpu, len(queries)


def _verdict(wall, budget):
    return f"{'pass' if wall < budget else 'FAIL'} (< {budget:.0f} s)"


def _people_told_apart():
    """Generated names can repeat; a file names people, so give each repeat a number."""
    from partnerships.models import Person

    seen, renamed = Counter(), []
    for person in Person.objects.order_by("pk"):
        seen[person.name] += 1
        if seen[person.name] > 1:
            person.name = f"{person.name} ({seen[person.name]})"
            renamed.append(person)
    Person.objects.bulk_update(renamed, ["name"], batch_size=500)


def bench_structure(folder, log=print):
    from partnerships.structure_io import (
        dump_structure,
        export_structure,
        import_structure,
        load_structure_file,
    )
    from partnerships.tree import tree_problems

    from .generate import generate_partnership
    from .structure_chart import _reset

    _reset()
    generate_partnership(bodies=STRUCTURE_BODIES, memberships=STRUCTURE_MEMBERSHIPS, seed=1)
    _people_told_apart()
    path = folder / "structure.yaml"
    path.write_text(dump_structure(export_structure()), encoding="utf-8")
    log(f"  structure file: {path.stat().st_size / 1e6:.1f} MB")
    _reset()

    def run():
        return import_structure(load_structure_file(path))

    rows = []
    for what, budget in (("fresh database", STRUCTURE_BUDGET_S), ("same file again", REIMPORT_BUDGET_S)):
        result, wall, cpu, queries = _timed(run)
        rows.append(Row(f"import_structure, {what}", STRUCTURE_BODIES + STRUCTURE_MEMBERSHIPS, wall, cpu, queries,
                        result.summary()[:60], _verdict(wall, budget)))
    problems = tree_problems()
    same = dump_structure(export_structure()) == path.read_text(encoding="utf-8")
    log(f"  tree problems after import: {len(problems)}; export -> import -> export byte-equal: {same}")
    if problems or not same:
        rows[-1].verdict = "FAIL (tree or round trip)"
    return rows


def _attendance_file(path, rows_wanted, rng):
    from meetings.models import AttendanceStatus
    from partnerships.models import SEATED_ROLES, Body, Membership

    seats = {}
    for membership in Membership.objects.filter(role__in=SEATED_ROLES).select_related("person", "designated_deputy"):
        seats.setdefault(membership.body_id, []).append(membership)
    bodies = {body.pk: body for body in Body.objects.filter(pk__in=seats)}
    lines, meetings, taken = ["body,date,person,status,deputy"], 0, set()
    while len(lines) - 1 < rows_wanted:
        body_id = rng.choice(sorted(seats))
        on = datetime.date(2007, 1, 1) + datetime.timedelta(days=rng.randrange(5 * 365))
        if (body_id, on) in taken:
            continue
        present = [m for m in seats[body_id] if m.is_active_on(on)]
        if len(present) < 3:
            continue
        taken.add((body_id, on))
        meetings += 1
        people = set()
        for membership in present:
            if membership.person_id in people:
                continue  # one row a person: the import takes their seated membership
            people.add(membership.person_id)
            roll = rng.random()
            deputy = membership.designated_deputy
            if roll < 0.1 and deputy and deputy.pk != membership.person_id:
                status, deputy_name = AttendanceStatus.DEPUTY, deputy.name
            else:
                status = AttendanceStatus.PRESENT if roll < 0.75 else AttendanceStatus.APOLOGIES if roll < 0.9 else AttendanceStatus.ABSENT
                deputy_name = ""
            lines.append(",".join(_csv(v) for v in (bodies[body_id].name, on.isoformat(), membership.person.name, status, deputy_name)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1, meetings


def _csv(value):
    return f'"{value}"' if "," in value else value


def bench_attendance(folder, log=print):
    import random

    from meetings.management.commands.import_attendance import (
        import_attendance,
        read_rows,
    )

    from .generate import generate_partnership
    from .structure_chart import _reset

    _reset()
    generate_partnership(bodies=60, memberships=600, seed=2)
    _people_told_apart()
    path = folder / "attendance.csv"
    count, meetings = _attendance_file(path, SCALE * DEMO_ATTENDANCE, random.Random(3))
    log(f"  attendance file: {count:,} rows at {meetings} meetings")

    def run():
        with open(path, encoding="utf-8-sig", newline="") as stream:
            return import_attendance(read_rows(stream))

    rows = []
    for what in ("fresh", "same file again"):
        result, wall, cpu, queries = _timed(run)
        rows.append(Row(f"import_attendance, {what}", count, wall, cpu, queries, result.summary()[:60]))
    return rows


def bench_measurements(folder, log=print):
    from performance.periods import Quarter, quarters_between
    from performance.services import HEADER, import_measurements

    from .report import generate_strategy
    from .structure_chart import _reset

    _reset()
    quarters = 8
    indicators = -(-SCALE * DEMO_MEASUREMENTS // quarters)
    generate_strategy(indicators=indicators, quarters=3)  # three quarters returned already
    from performance.models import Indicator

    periods = quarters_between(Quarter(2008, 2), Quarter(2011, 1))[3:3 + quarters]
    lines = [HEADER] + [
        f"{code},{period},{50 + (n % 17) / 4:.2f},bench return"
        for n, code in enumerate(Indicator.objects.order_by("code").values_list("code", flat=True))
        for period in periods
    ]
    path = folder / "measurements.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    count = len(lines) - 1
    log(f"  measurements file: {count:,} rows ({indicators} indicators x {quarters} quarters)")

    rows = []
    for what in ("fresh", "same file again"):
        result, wall, cpu, queries = _timed(lambda: import_measurements(str(path)))
        rows.append(Row(f"import_measurements, {what}", count, wall, cpu, queries, result.summary()[:60]))
    return rows


def run(log=print):
    folder = Path(tempfile.mkdtemp(prefix="imports-", dir=Path(__file__).resolve().parent))
    try:
        return bench_structure(folder, log) + bench_attendance(folder, log) + bench_measurements(folder, log)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def print_table(rows, out=print):
    header = ("import", "rows", "wall s", "CPU s", "queries", "outcome", "verdict")
    cells = [(r.what, f"{r.rows:,}", f"{r.wall_s:.1f}", f"{r.cpu_s:.1f}", str(r.queries), r.outcome, r.verdict) for r in rows]
    print_rows(header, cells, numeric={1, 2, 3, 4}, out=out)
    if hasattr(os, "getloadavg"):
        out(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs while measuring)")
