"""What the pages members and the public read cost at 10 and at 10,000 meetings: query counts
and median latency through the test client (`python -m bench.meetings_pages`).

`run()` needs a configured Django with an empty schema; run as a module, this file makes a
throwaway database the way `python -m bench` does (bench/__main__.py) and drops it after.
"""

import argparse
import datetime
import random
import sys
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

SIZES = (10, 10_000)
# The partnership the meetings belong to: the demo's scale (bench/structure_chart.py's
# "realistic").
BODIES, MEMBERSHIPS = 60, 600
BATCH = 2000


@dataclass
class Row:
    page: str
    meetings: int
    queries: int
    median_ms: float


def generate_meetings(count, *, focus, seed=1):
    """`count` meetings of the public bodies over four years: one in ten in the coming four
    weeks, one in four (the first among them) of the `focus` body. The past ones are held,
    with minutes (one in seven still a draft), an agenda item (one in five confidential), two
    entries, two decisions and an action; one meeting in twenty is private."""
    from meetings.models import (
        Action,
        AgendaItem,
        Decision,
        Meeting,
        MeetingStatus,
        MinuteEntry,
        Minutes,
        MinutesStatus,
    )
    from partnerships.models import Body

    rng = random.Random(seed)
    bodies = list(Body.objects.filter(public=True).values_list("pk", flat=True))
    now = timezone.now()

    def starts(i):
        if i % 10 == 0:
            return now + datetime.timedelta(days=rng.uniform(1, 28))
        return now - datetime.timedelta(days=rng.uniform(1, 4 * 365))

    meetings = Meeting.objects.bulk_create(
        (
            Meeting(
                body_id=focus.pk if i % 4 == 0 else rng.choice(bodies),
                starts_at=starts(i),
                public=i % 20 != 19,
                venue=f"Committee Room {rng.randint(1, 6)}",
                agenda_published_at=now,
            )
            for i in range(count)
        ),
        batch_size=BATCH,
    )
    held = [m for m in meetings if m.starts_at < now]
    Meeting.objects.filter(pk__in=[m.pk for m in held]).update(status=MeetingStatus.HELD)
    items = AgendaItem.objects.bulk_create(
        (AgendaItem(meeting=m, position=1, title="Community Strategy delivery", confidential=i % 5 == 0)
         for i, m in enumerate(held)),
        batch_size=BATCH,
    )
    minutes = Minutes.objects.bulk_create(
        (
            Minutes(
                meeting=m,
                status=MinutesStatus.DRAFT if i % 7 == 6 else MinutesStatus.PUBLISHED,
                published_at=None if i % 7 == 6 else m.starts_at + datetime.timedelta(days=45),
            )
            for i, m in enumerate(held)
        ),
        batch_size=BATCH,
    )
    MinuteEntry.objects.bulk_create(
        (MinuteEntry(minutes=v, item=item, text=f"Partners reviewed fuel poverty and affordable housing, part {n}.")
         for v, item in zip(minutes, items) for n in range(2)),
        batch_size=BATCH,
    )
    Decision.objects.bulk_create(
        (Decision(minutes=v, item=item, text=f"Agreed to fund the affordable housing pilot, stage {n}.")
         for v, item in zip(minutes, items) for n in range(2)),
        batch_size=BATCH,
    )
    Action.objects.bulk_create(
        (Action(meeting=m, item=item, text="Report progress to the Executive") for m, item in zip(held, items)),
        batch_size=BATCH,
    )
    return meetings


def _member_client(body_id):
    """A client signed in as a member of the body."""
    from partnerships.models import Membership, Person

    user = get_user_model().objects.create_user(username="bench-member@example.org", email="bench-member@example.org")
    person = Person.objects.create(name="Bench Member", slug="bench-member", user=user)
    Membership.objects.create(person=person, body_id=body_id, start=datetime.date(2000, 1, 1))
    client = Client()
    client.force_login(user)
    return client


def bench_size(count, *, runs, warmups, log=print):
    # Imported here: they need Django set up, which main() does after this module loads.
    from django.db import connection

    from meetings.models import Meeting
    from partnerships.models import Body

    from .generate import generate_partnership
    from .structure_chart import _reset, measure_page

    _reset()
    started = time.perf_counter()
    generate_partnership(bodies=BODIES, memberships=MEMBERSHIPS, seed=1)
    # A thematic partnership: its meetings show on its page, its parent's (outcomes) and its
    # member's own page at both sizes.
    focus = Body.objects.filter(public=True, level=2, parent__public=True).order_by("lft").first()
    generate_meetings(count, focus=focus)
    if connection.vendor == "postgresql":
        # Autovacuum would analyse the freshly written tables a little later; without their
        # statistics the planner nests loops over "empty" tables and search takes seconds.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(f"  {count:,} meetings generated in {time.perf_counter() - started:.1f} s")
    sample = Meeting.objects.filter(public=True, body=focus, minutes_versions__status="published").first()
    upcoming = Meeting.objects.filter(body=focus, starts_at__gte=timezone.now()).order_by("starts_at").first()
    anonymous, member = Client(), _member_client(focus.pk)
    month = f"{timezone.localtime(upcoming.starts_at):%Y-%m}"
    pages = [
        ("/meetings/ (anonymous)", anonymous, reverse("meetings:calendar")),
        ("/meetings/ (member)", member, reverse("meetings:calendar")),
        ("/meetings/?month= (anonymous)", anonymous, f"{reverse('meetings:calendar')}?month={month}"),
        ("body meetings", anonymous, reverse("meetings:body-meetings", kwargs={"slug": focus.slug})),
        ("/minutes/ (anonymous)", anonymous, reverse("meetings:minutes-list")),
        ("/minutes/ (member)", member, reverse("meetings:minutes-list")),
        ("minutes page", anonymous, reverse("meetings:minutes", kwargs={"pk": sample.pk})),
        ("/decisions/ (anonymous)", anonymous, reverse("meetings:decisions")),
        ("/minutes/search/?q=housing", anonymous, f"{reverse('meetings:search')}?q=housing"),
        ("/minutes/search/?q=housing (member)", member, f"{reverse('meetings:search')}?q=housing"),
        ("/meetings.ics", anonymous, reverse("meetings:ical")),
        ("/minutes/feed/", anonymous, reverse("meetings:minutes-feed")),
        ("/minutes/feed/atom/", anonymous, reverse("meetings:minutes-atom")),
        ("/accounts/meetings/ (member)", member, reverse("meetings:my-meetings")),
        ("body page with outcomes", anonymous, focus.parent.get_absolute_url()),
    ]
    rows = []
    for label, client, url in pages:
        queries, _timed, median, _p95, _size = measure_page(client, url, runs=runs, warmups=warmups)
        rows.append(Row(label, count, queries, median))
        log(f"    {label}: {queries} queries, median {median:.1f} ms")
    return rows


def run(*, sizes=SIZES, runs=10, warmups=2, log=print):
    """Rows of (page, meetings, queries, median ms) at each size."""
    rows = []
    for count in sizes:
        rows += bench_size(count, runs=runs, warmups=warmups, log=log)
    return rows


def print_table(rows, out=print):
    small = {r.page: r for r in rows if r.meetings == min(r.meetings for r in rows)}
    header = ("page", "meetings", "queries", "median ms", "same queries")
    cells = [
        (r.page, f"{r.meetings:,}", str(r.queries), f"{r.median_ms:.1f}",
         "" if r is small[r.page] else ("yes" if r.queries == small[r.page].queries else "NO"))
        for r in sorted(rows, key=lambda r: (list(small).index(r.page), r.meetings))
    ]
    widths = [max(len(c) for c in column) for column in zip(header, *cells)]

    def line(row):
        return " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))

    out(line(header))
    out("-+-".join("-" * w for w in widths))
    for row in cells:
        out(line(row))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.meetings_pages", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed requests per page (default 10)")
    parser.add_argument("--warmups", type=int, default=2, help="untimed requests first (default 2)")
    parser.add_argument("--size", type=int, action="append", help="meetings (repeatable; default 10 and 10000)")
    args = parser.parse_args(argv)

    from bench.database import configure_environment, throwaway_database

    configure_environment()
    import django

    django.setup()
    started = time.perf_counter()
    with throwaway_database() as database:
        print(f"Database: {database}")
        rows = run(sizes=tuple(args.size or SIZES), runs=args.runs, warmups=args.warmups)
    print()
    print_table(rows)
    print(f"\nTotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
