"""Concurrent edits of one meeting's attendance register, through the real pages.

- Whole-register saves: several officers each load the register, change their own members'
  rows and save the whole form, round after round, at the same time. Each save carries the
  rows its officer did not touch as they were when loaded; none may undo another's change.
- Row saves: several officers save the same members' rows (htmx, row by row) at the same
  instant. Every save must succeed and leave one row per member.

`run()` needs a configured Django with an empty schema and the test environment set up (the
test client's host); PostgreSQL for real concurrency.
"""

import datetime
import random
import time
from collections import Counter
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

from .concurrency import run_in_processes

PROCESSES = 8
STATUSES = ["present", "apologies", "absent"]
HTMX = {"HTTP_HX_REQUEST": "true"}


class FormFields(HTMLParser):
    """What a browser would submit from a page's register: text and hidden inputs, checked
    radios and selected options (the register is one form)."""

    def __init__(self):
        super().__init__()
        self.data, self._select = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.data[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_data(html):
    parser = FormFields()
    parser.feed(html)
    return parser.data


def build(*, members):
    """A held meeting of a body with `members` members, every one recorded absent, and a staff
    user to record attendance. Returns (meeting, [membership ids], staff user)."""
    from django.contrib.auth import get_user_model

    from meetings.models import Attendance, Meeting, MeetingStatus
    from partnerships import services
    from partnerships.models import Membership, Person

    body = services.create_body(name="Fault Test Executive", kind="executive")
    people = Person.objects.bulk_create(Person(name=f"Member {i:03}", slug=f"fault-member-{i:03}") for i in range(members))
    memberships = Membership.objects.bulk_create(
        Membership(body=body, person=person, start=datetime.date(2009, 1, 1)) for person in people
    )
    starts_at = timezone.now() - datetime.timedelta(days=7)
    meeting = Meeting.objects.create(
        body=body, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), status=MeetingStatus.HELD
    )
    Attendance.objects.bulk_create(Attendance(meeting=meeting, membership=m, status="absent") for m in memberships)
    staff = get_user_model().objects.create_user(
        username="fault-officer", email="fault-officer@example.org", password=None, is_staff=True
    )
    return meeting, [m.pk for m in memberships], staff


def _client(user):
    from django.test import Client

    # A server error is a figure to count, as a browser would meet it, not an exception here.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def whole_register_saves(n, *, meeting_id, rows, user, rounds):
    """Officer `n` saves the whole register `rounds` times, each time changing only its own
    rows. Returns ({membership id: status it last wrote}, Counter of response codes)."""
    client, url = _client(user), reverse("meetings:attendance", kwargs={"pk": meeting_id})
    rng, wrote, codes = random.Random(n), {}, Counter()
    for _ in range(rounds):
        page = client.get(url)
        codes[page.status_code] += 1
        data = form_data(page.content.decode())
        for pk in rows:
            current = data.get(f"m{pk}-status", "")
            wrote[pk] = rng.choice([s for s in STATUSES if s != current])
            data[f"m{pk}-status"] = wrote[pk]
        codes[client.post(url, data).status_code] += 1
    return wrote, codes


def same_row_saves(n, *, meeting_id, rows, user):
    """Officer `n` saves each of `rows` with htmx, as every other officer does at that moment.
    Returns a Counter of response codes."""
    client, codes = _client(user), Counter()
    for pk in rows:
        url = reverse("meetings:attendance-row", kwargs={"pk": meeting_id, "membership_pk": pk})
        codes[client.post(url, {f"m{pk}-status": STATUSES[n % len(STATUSES)]}, **HTMX).status_code] += 1
    return codes


def run(*, processes=PROCESSES, members_each=5, rounds=6, log=print):
    """Both scenarios on a fresh meeting. Returns (figures, problems): problems empty when no
    update was lost and every save answered as it should."""
    from meetings.models import Attendance

    meeting, memberships, staff = build(members=processes * members_each)
    own = {n: memberships[n * members_each:(n + 1) * members_each] for n in range(processes)}
    log(f"attendance: {processes} officers x {rounds} whole-register saves of {len(memberships)} rows")
    started = time.perf_counter()
    results = run_in_processes(
        lambda n: whole_register_saves(n, meeting_id=meeting.pk, rows=own[n], user=staff, rounds=rounds), processes
    )
    whole_s = time.perf_counter() - started
    expected = {pk: status for wrote, _ in results for pk, status in wrote.items()}
    stored = dict(Attendance.objects.filter(meeting=meeting).values_list("membership_id", "status"))
    lost = sorted(pk for pk, status in expected.items() if stored.get(pk) != status)
    codes = sum((c for _, c in results), Counter())

    # The same rows from every officer at once; rows with nothing recorded yet, so each save
    # races to insert.
    Attendance.objects.filter(meeting=meeting, membership_id__in=memberships[:members_each * 2]).delete()
    shared = memberships[:members_each * 2]
    started = time.perf_counter()
    row_codes = sum(
        run_in_processes(lambda n: same_row_saves(n, meeting_id=meeting.pk, rows=shared, user=staff), processes),
        Counter(),
    )
    row_s = time.perf_counter() - started
    per_row = Counter(Attendance.objects.filter(meeting=meeting, membership_id__in=shared).values_list("membership_id", flat=True))

    problems = []
    if lost:
        problems.append(f"{len(lost)} of {len(expected)} rows lost their last change (memberships {lost[:10]})")
    if set(codes) - {200, 302}:
        problems.append(f"whole-register saves answered {dict(codes)}")
    if set(row_codes) != {200}:
        problems.append(f"row saves answered {dict(row_codes)}")
    if sorted(per_row.values()) != [1] * len(shared):
        problems.append(f"rows saved at once: {len(shared)} members, attendance rows {dict(per_row)}")
    figures = {
        "processes": processes,
        "whole-register saves": processes * rounds,
        "rows changed": len(expected),
        "lost updates": len(lost),
        "whole-register seconds": round(whole_s, 2),
        "same-row saves": sum(row_codes.values()),
        "same-row non-200": sum(v for k, v in row_codes.items() if k != 200),
        "same-row seconds": round(row_s, 2),
    }
    return figures, problems
