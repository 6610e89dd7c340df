"""What the whole-partnership governance health page costs at 50 and at 5,000 bodies: query count
and latency through the test client (`python -m bench.health`). The query count must not grow
with the partnership (governance/health reads it set-based).

`run()` needs a configured Django with an empty schema; run as a module, this file makes a
throwaway database the way `python -m bench` does (bench/__main__.py) and drops it after.
"""

import argparse
import datetime
import random
import sys
import time
from dataclasses import dataclass

# Bodies and seats: bench/structure_chart.py's two scales, 50 standing in for a small partnership.
SIZES = ((50, 500), (5000, 50000))
ON = datetime.date(2010, 12, 31)
BATCH = 5000


@dataclass
class Row:
    page: str
    bodies: int
    memberships: int
    queries: int
    runs: int
    median_ms: float
    p95_ms: float


def add_meetings_and_records(*, on=ON, seed=1, log=print):
    """For the generated partnership: each body's held meetings in the year to `on` (none to
    eight, by its kind), an attendance row for most seats at each (present, deputy or
    apologies), approved terms of reference for half the bodies (a third overdue for review)."""
    from django.db import connection
    from django.utils import timezone

    from governance.models import TermsOfReference
    from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
    from partnerships.models import SEATED_ROLES, Body, Membership

    rng = random.Random(seed)
    started = time.perf_counter()
    per_year = {"forum": 2, "conference": 1, "board": 3, "executive": 8, "chief_executives": 6, "joint_chairs": 4,
                "thematic": 4, "locality": 4, "conveners": 6, "task_group": 3, "project_group": 2}
    bodies = list(Body.objects.values_list("pk", "kind"))
    meetings = []
    for pk, kind in bodies:
        for _ in range(rng.randint(0, per_year.get(kind, 4))):
            day = on - datetime.timedelta(days=rng.randint(1, 364))
            meetings.append(Meeting(body_id=pk, status=MeetingStatus.HELD,
                                    starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)))))
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    seats = {}
    for pk, body_id in Membership.objects.active_on(on).filter(role__in=SEATED_ROLES).values_list("pk", "body_id"):
        seats.setdefault(body_id, []).append(pk)
    statuses = [AttendanceStatus.PRESENT] * 6 + [AttendanceStatus.DEPUTY] * 2 + [AttendanceStatus.APOLOGIES, None]
    rows = []
    for meeting in meetings:
        for membership_id in seats.get(meeting.body_id, ()):
            status = rng.choice(statuses)
            if status is not None:
                rows.append(Attendance(meeting_id=meeting.pk, membership_id=membership_id, status=status,
                                       deputy_id=None if status != AttendanceStatus.DEPUTY else _any_person()))
    Attendance.objects.bulk_create(rows, batch_size=BATCH)
    terms = [
        TermsOfReference(body_id=pk, version=1, status="approved", approved_on=datetime.date(2008, 4, 1),
                         review_due=datetime.date(2010, 4, 1) if i % 3 == 0 else datetime.date(2011, 4, 1))
        for i, (pk, _kind) in enumerate(bodies) if i % 2 == 0
    ]
    TermsOfReference.objects.bulk_create(terms, batch_size=BATCH)
    # A live database has its statistics kept by autovacuum (PostgreSQL); freshly bulk-loaded
    # tables have none, and the planner would guess.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"    {len(meetings):,} held meetings, {len(rows):,} attendance rows, {len(terms):,} terms of reference "
        f"in {time.perf_counter() - started:.1f} s")


_person = None


def _any_person():
    global _person
    if _person is None:
        from partnerships.models import Person

        _person = Person.objects.order_by("pk").values_list("pk", flat=True).first()
    return _person


def bench_size(bodies, memberships, *, runs, warmups, log=print):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from partnerships.models import Body, Membership

    from .generate import generate_partnership
    from .structure_chart import _reset, measure_page

    global _person
    _person = None
    _reset()
    started = time.perf_counter()
    info = generate_partnership(bodies=bodies, memberships=memberships)
    log(f"  {info['bodies']:,} bodies, {info['memberships']:,} memberships generated in {time.perf_counter() - started:.1f} s")
    add_meetings_and_records(log=log)
    staff = Client()
    staff.force_login(get_user_model().objects.create_user(username="bench-staff@example.org", email="bench-staff@example.org", is_staff=True))
    counts = (Body.objects.count(), Membership.objects.count())
    url = f"{reverse('health:health')}?on={ON.isoformat()}"
    queries, timed, median, p95, _size = measure_page(staff, url, runs=runs, warmups=warmups)
    log(f"    /governance/health/: {queries} queries, median {median:.0f} ms")
    return Row("/governance/health/ (staff)", *counts, queries, timed, median, p95)


def run(*, sizes=SIZES, runs=10, warmups=1, log=print):
    """The health page at each size: table rows (bodies, queries, median ms)."""
    return [bench_size(bodies, memberships, runs=runs, warmups=warmups, log=log) for bodies, memberships in sizes]


def print_table(rows, out=print):
    header = ("page", "bodies", "memberships", "queries", "runs", "median ms", "p95 ms")
    cells = [(r.page, f"{r.bodies:,}", f"{r.memberships:,}", str(r.queries), str(r.runs), f"{r.median_ms:.0f}", f"{r.p95_ms:.0f}")
             for r in rows]
    widths = [max(len(c) for c in column) for column in zip(header, *cells)]
    line = lambda row: " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))  # noqa: E731
    out(line(header))
    out("-+-".join("-" * w for w in widths))
    for row in cells:
        out(line(row))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.health", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed requests per size (default 10)")
    parser.add_argument("--warmups", type=int, default=1, help="untimed requests first (default 1)")
    args = parser.parse_args(argv)

    from bench.__main__ import _configure_environment, _describe

    _configure_environment()
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment(debug=False)
    original_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print(f"Database: {_describe(connection, test_name)}")
        rows = run(runs=args.runs, warmups=args.warmups)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        teardown_test_environment()
    print()
    print_table(rows)
    constant = len({r.queries for r in rows}) == 1
    print(f"\nQuery count {'constant' if constant else 'GROWS'} from {rows[0].bodies:,} to {rows[-1].bodies:,} bodies")
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
