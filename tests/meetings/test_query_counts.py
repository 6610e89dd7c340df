"""The pages members and the public read cost a fixed, exact number of queries whatever the
number of meetings (STYLE.md: exact counts at two data sizes). Meetings, minutes, entries,
decisions and actions are written with bulk_create, so 200 meetings stay quick to build.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

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
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def populate(body, child, count, *, offset=0):
    """`count` meetings around today, alternately of `body` and its `child`: the past ones held
    with minutes (every fifth a draft), an item (every third confidential), two entries, two
    decisions and an action; every seventh meeting private."""
    today = timezone.localdate()
    meetings = Meeting.objects.bulk_create(
        Meeting(
            body=body if i % 2 else child,
            public=i % 7 != 0,
            starts_at=timezone.make_aware(datetime.datetime.combine(today, datetime.time(18)))
            + datetime.timedelta(days=i - (offset + count) // 2),
            venue=f"Room {i}",
            agenda_published_at=timezone.now(),
        )
        for i in range(offset, offset + count)
    )
    # Which meetings are confidential or in draft follows their place in the run, not their
    # primary keys, which depend on what earlier tests in the same database created.
    held = [(i, m) for i, m in enumerate(meetings, start=offset) if m.starts_at < timezone.now()]
    Meeting.objects.filter(pk__in=[m.pk for _, m in held]).update(status=MeetingStatus.HELD)
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, position=1, title=f"Community strategy {i}", confidential=i % 3 == 0) for i, m in held
    )
    minutes = Minutes.objects.bulk_create(
        Minutes(
            meeting=m,
            status=MinutesStatus.DRAFT if i % 5 == 0 else MinutesStatus.PUBLISHED,
            published_at=None if i % 5 == 0 else m.starts_at + datetime.timedelta(days=30),
        )
        for i, m in held
    )
    MinuteEntry.objects.bulk_create(
        MinuteEntry(minutes=v, item=item, text=f"The strategy was discussed ({n}).")
        for v, item in zip(minutes, items) for n in range(2)
    )
    Decision.objects.bulk_create(
        Decision(minutes=v, item=item, text=f"Adopt the strategy, part {n}.")
        for v, item in zip(minutes, items) for n in range(2)
    )
    Action.objects.bulk_create(Action(meeting=m, item=item, text="Report back") for (_, m), item in zip(held, items))


def member_and_body():
    body = BodyFactory(name="Carlisle Partnership Executive")
    child = BodyFactory(name="Fuel Poverty task group", parent=body)
    member = UserFactory()
    MembershipFactory(person=PersonFactory(user=member), body=body, start=datetime.date(2000, 1, 1))
    return member, body, child


def PAGES(body):
    month = f"{timezone.localdate():%Y-%m}"
    slug = {"slug": body.slug}
    return [
        ("calendar", reverse("meetings:calendar")),
        ("calendar-month", f"{reverse('meetings:calendar')}?month={month}&body={body.slug}"),
        ("body-meetings", reverse("meetings:body-meetings", kwargs=slug)),
        ("minutes-list", reverse("meetings:minutes-list")),
        ("decisions", f"{reverse('meetings:decisions')}?text=strategy&body={body.slug}"),
        ("search", f"{reverse('meetings:search')}?q=strategy"),
        ("search-filtered", f"{reverse('meetings:search')}?q=strategy&body={body.slug}&from=2000-01-01&to=2100-12-31"),
        ("ical", reverse("meetings:ical")),
        ("body-ical", reverse("meetings:body-ical", kwargs=slug)),
        ("minutes-feed", reverse("meetings:minutes-feed")),
        ("minutes-atom", reverse("meetings:minutes-atom")),
        ("body", body.get_absolute_url()),
        ("home", reverse("partnerships:home")),
    ]


# A signed-in visitor adds three queries to any page that reads the session: the session, the
# user and the Executives-group check (partnerships/roles.py). A member (not staff) also costs
# one query each time the policy works out the bodies whose private material they read
# (`readers`) or whose confidential items they read (`members`).
QUERIES = {
    # the body choices of the filter; the count; the page of meetings (with the minutes
    # status each visitor reads as a subquery)
    # A member also costs the manage check of the "Schedule a meeting" links (the last 1).
    "calendar": {"anonymous": 3, "member": 3 + 3 + 2 + 1},  # readers: the meetings, their minutes
    # the same, and the body named in the filter
    "calendar-month": {"anonymous": 4, "member": 4 + 3 + 2 + 1},
    # the body; the upcoming meetings; the count and the page of past meetings
    "body-meetings": {"anonymous": 4, "member": 4 + 3 + 4 + 1},  # readers twice for each list
    # body choices; count; page
    "minutes-list": {"anonymous": 3, "member": 3 + 3 + 1},
    # the body named in the filter; body choices; count; page
    "decisions": {"anonymous": 4, "member": 4 + 3 + 2},  # readers, members
    # the body choices of the filter; the count and the page of the union of meeting titles,
    # item titles, entries and decisions; the page's snippets
    # A member: readers for the minutes; members for entries and for decisions; readers and
    # members for the agenda items (meeting_policy.visible_agenda_items).
    "search": {"anonymous": 4, "member": 4 + 3 + 5},
    # the same, and the body named in the filter
    "search-filtered": {"anonymous": 5, "member": 5 + 3 + 5},
    # Feeds are the public's view whoever asks and never read the session.
    # the meetings, each with whether its minutes are published
    "ical": {"anonymous": 1, "member": 1},
    # the body; its meetings
    "body-ical": {"anonymous": 2, "member": 2},
    # the newest published minutes; their decisions; their meetings' actions
    "minutes-feed": {"anonymous": 3, "member": 3},
    "minutes-atom": {"anonymous": 3, "member": 3},
    # The structure's body page (tests/partnerships/test_query_counts.py counts its own queries:
    # nine for a root body with its terms of reference, its parent links today and its places
    # on the day) and its outcomes from recent meetings: the newest minutes of its child and
    # linked bodies; their decisions; their actions.
    # A member also costs the session, the manage check, and readers and members twice.
    "body": {"anonymous": 9 + 3, "member": 9 + 3 + 3 + 1 + 3},
    # The home page: the next meetings (with the minutes status each visitor reads); the newest
    # published minutes.
    "home": {"anonymous": 2, "member": 2 + 3 + 3},  # readers twice for the meetings, once for the minutes
}


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_public_pages_cost_the_same_queries_at_10_and_200_meetings(role):
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for cache in caches.all():  # what earlier tests of this process left must not answer a page here
        cache.clear()
    member, body, child = member_and_body()
    client = Client()
    if role == "member":
        client.force_login(member)
    expected = {page: counts[role] for page, counts in QUERIES.items()}
    for size, added in ((10, 10), (200, 190)):
        populate(body, child, added, offset=size - added)
        assert Meeting.objects.count() == size
        counts = {}
        for page, url in PAGES(body):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            counts[page] = len(queries)
        assert counts == expected, f"at {size} meetings"


def test_my_meetings_costs_the_same_queries_at_10_and_200_meetings(django_assert_num_queries):
    member, body, child = member_and_body()
    client = Client()
    client.force_login(member)
    url = reverse("meetings:my-meetings")
    # session, user, Executives check; seats; upcoming meetings (readers), their items (readers,
    # members) and papers (readers, members); minutes to read (readers); actions; attendance:
    # seated memberships, the rule's four queries for the one seat, its attendance rows; the
    # bodies the member manages (the "Schedule a meeting" links); the seats on the coming
    # meetings' bodies and the apologies sent for them.
    for added, offset in ((10, 0), (190, 10)):
        populate(body, child, added, offset=offset)
        with django_assert_num_queries(3 + 1 + 2 + 3 + 1 + 2 + 1 + 1 + 1 + 4 + 1 + 1 + 2):
            response = client.get(url)
        upcoming = Meeting.objects.filter(body=body, starts_at__gte=timezone.now()).count()
        assert len(response.context["upcoming"]) == min(upcoming, 10) > 0
