"""The attendance rule, set-based, at scale: 20,000 seats x 12 held meetings (240,000 attendance
rows) evaluated by `evaluate_all()`, the reviews opened for the flagged seats, and the idempotent
second run. The target (issue 3): the evaluation and the review in under 2 s.

`run()` needs a configured Django with an empty schema: `python -m bench.attendance` makes one
(a throwaway database, created and dropped with the helpers of bench/__main__.py); `make bench`
can call `run()` beside the structure pages.
"""

import argparse
import datetime
import random
import sys
import time
from dataclasses import dataclass

SEATS = 20_000
MEETINGS = 12
SEATS_PER_BODY = 20
TARGET_S = 2.0
ON = datetime.date(2010, 12, 31)


@dataclass
class Row:
    name: str
    size: str
    queries: int
    seconds: float


def build(*, seats=SEATS, meetings=MEETINGS, seed=1, log=print):
    """Bodies of SEATS_PER_BODY seats each, a held meeting a month in 2010, an attendance row per
    seat per meeting (a few missing: absent), written with bulk_create. Returns the seat count."""
    from django.utils import timezone

    from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
    from partnerships.models import Body, BodyKind, Membership, Person

    rng = random.Random(seed)
    started = time.perf_counter()
    bodies = seats // SEATS_PER_BODY
    Body.objects.bulk_create(
        # Every body a root of its own tree: the nested-set columns are set here, not by mptt.
        [Body(name=f"Bench body {i}", slug=f"bench-body-{i}", kind=BodyKind.THEMATIC, tree_id=i + 1, lft=1, rght=2, level=0)
         for i in range(bodies)],
        batch_size=2000,
    )
    body_ids = list(Body.objects.order_by("pk").values_list("pk", flat=True))
    Person.objects.bulk_create(
        [Person(name=f"Bench person {i}", slug=f"bench-person-{i}") for i in range(seats)], batch_size=5000
    )
    person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    Membership.objects.bulk_create(
        [Membership(person_id=person_ids[i], body_id=body_ids[i // SEATS_PER_BODY], start=datetime.date(2009, 1, 1))
         for i in range(seats)],
        batch_size=5000,
    )
    Meeting.objects.bulk_create(
        [Meeting(body_id=body_id, status=MeetingStatus.HELD,
                 starts_at=timezone.make_aware(datetime.datetime(2010, month, 10, 18)))
         for body_id in body_ids for month in range(1, meetings + 1)],
        batch_size=5000,
    )
    by_body = {}
    for pk, body_id in Meeting.objects.order_by("starts_at").values_list("pk", "body_id"):
        by_body.setdefault(body_id, []).append(pk)
    rows = []
    # Most seats are filled, by the member or a deputy (8 in 10); one seat in ten is held by
    # someone who rarely comes: together about one seat in eight falls below the rule.
    statuses = [AttendanceStatus.PRESENT] * 7 + [AttendanceStatus.DEPUTY, AttendanceStatus.APOLOGIES, None]
    for membership_id, body_id in Membership.objects.values_list("pk", "body_id").iterator(chunk_size=5000):
        weak = rng.random() < 0.1
        for meeting_id in by_body[body_id]:
            rare = [AttendanceStatus.ABSENT, None, AttendanceStatus.APOLOGIES, AttendanceStatus.PRESENT]
            status = rng.choice(rare) if weak else rng.choice(statuses)
            if status is not None:
                deputy_id = person_ids[0] if status == AttendanceStatus.DEPUTY else None
                rows.append(Attendance(meeting_id=meeting_id, membership_id=membership_id, status=status, deputy_id=deputy_id))
    Attendance.objects.bulk_create(rows, batch_size=5000)
    log(
        f"  built {bodies:,} bodies, {seats:,} seats, {len(body_ids) * meetings:,} held meetings, "
        f"{len(rows):,} attendance rows in {time.perf_counter() - started:.1f} s"
    )
    return seats


def _timed(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        value = function()
        seconds = time.perf_counter() - started
    return value, len(queries), seconds


def run(*, seats=SEATS, meetings=MEETINGS, log=print):
    """Build the data, then time the evaluation, the reviews and the second run: table rows."""
    import logging

    from governance.reviews.services import open_attendance_reviews
    from meetings.attendance import evaluate_all

    build(seats=seats, meetings=meetings, log=log)
    size = f"{seats:,} seats x {meetings} meetings"
    # The generated bodies have no chair to email: that warning would print once per body.
    logger = logging.getLogger("governance.reviews.services")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        verdicts, q_eval, s_eval = _timed(lambda: evaluate_all(on=ON))
        opened, q_open, s_open = _timed(lambda: open_attendance_reviews(verdicts))
        flagged = sum(v.flagged for v in verdicts)
        log(f"  {len(verdicts):,} seats evaluated, {flagged:,} flagged, {len(opened):,} reviews opened")
        again, q_again, s_again = _timed(lambda: open_attendance_reviews(evaluate_all(on=ON)))
    finally:
        logger.setLevel(level)
    if again:
        raise RuntimeError(f"the second run opened {len(again)} reviews; it must open none")
    return [
        Row("evaluate_all()", size, q_eval, s_eval),
        Row(f"open_attendance_reviews() ({len(opened):,} opened)", size, q_open, s_open),
        Row("evaluation + reviews (target < 2 s)", size, q_eval + q_open, s_eval + s_open),
        Row("second run (opens nothing)", size, q_again, s_again),
    ]


def print_table(rows, out=print):
    header = ("attendance rule", "size", "queries", "seconds")
    cells = [(r.name, r.size, str(r.queries), f"{r.seconds:.2f}") for r in rows]
    widths = [max(len(c) for c in column) for column in zip(header, *cells)]
    line = lambda row: " | ".join(c.rjust(w) if i >= 2 else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))  # noqa: E731
    out(line(header))
    out("-+-".join("-" * w for w in widths))
    for row in cells:
        out(line(row))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.attendance", description=__doc__.splitlines()[0])
    parser.add_argument("--seats", type=int, default=SEATS, help=f"memberships to evaluate (default {SEATS:,})")
    parser.add_argument("--meetings", type=int, default=MEETINGS, help=f"held meetings per body (default {MEETINGS})")
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
        rows = run(seats=args.seats, meetings=args.meetings)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        teardown_test_environment()
    print()
    print_table(rows)
    total = rows[2].seconds
    print(f"\nEvaluation and reviews: {total:.2f} s ({'within' if total < TARGET_S else 'OVER'} the {TARGET_S:.0f} s target)")
    return 0 if total < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
