"""Each structure page costs a fixed, exact number of queries whatever the partnership's size
(STYLE.md: exact counts at two data sizes, as Zulip's assert_database_query_count does).

Large partnerships come from the benchmark's generator (bench/generate.py), which writes with
bulk_create, so the large sizes stay quick to build.
"""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from bench.generate import generate_partnership
from partnerships import services
from partnerships.models import Body, BodyLink, LinkKind, Membership, Organisation, Person, Role
from tests.factories import OrganisationFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

D = datetime.date

# A signed-in visitor adds three queries to any page that looks at the user: the session, the
# user, and the Executives-group check (partnerships/roles.py, for the header).
SIGNED_IN = 3
QUERIES = {
    # the visible bodies with chair and seated size; the bodies' parent links today; their
    # places on the day (partnerships/placements.py); the links drawn on the picture
    "structure": 4,
    # the body; its seats; the parent links today and on the day; its children; its ancestors;
    # its links; predecessors; successors; recent outcomes (one query while there are no
    # minutes; meetings.selectors); its terms of reference (the "Review overdue" tag;
    # governance). A root body costs one fewer: it has no ancestors to fetch.
    "body": 11,
    # the organisation; its seats
    "organisation": 2,
    # the organisations with their seat counts
    "organisations": 1,
}
# Open data is the public's view whoever asks, so it never reads the session: bodies, seats,
# organisations.
POPOLO_QUERIES = 3


@pytest.fixture(params=["anonymous", "staff"])
def visitor(request):
    client = Client()
    if request.param == "staff":
        client.force_login(StaffUserFactory())
    return request.param, client


def expected(page, role):
    return QUERIES[page] + (SIGNED_IN if role == "staff" else 0)


def chart_size(response):
    return response.content.decode().count('class="chart__name"')


def test_structure_chart_costs_the_same_queries_at_10_and_5000_bodies(visitor, django_assert_num_queries):
    role, client = visitor
    url = reverse("partnerships:structure")
    generate_partnership(bodies=10, memberships=30, seed=1)
    with django_assert_num_queries(expected("structure", role)):
        small = client.get(url)
    generate_partnership(bodies=4990, memberships=5000, seed=2)
    assert Body.objects.count() == 5000
    with django_assert_num_queries(expected("structure", role)):
        large = client.get(url)
    with django_assert_num_queries(expected("structure", role)):
        as_at = client.get(url, {"on": "2009-06-01"})

    # The generator dissolved some bodies by 2012 and made about one in twenty private.
    shown_today = Body.objects.filter(dissolved__isnull=True)
    if role == "anonymous":
        shown_today = shown_today.filter(public=True)
    assert chart_size(small) == shown_today.filter(tree_id=1).count()
    assert chart_size(large) == shown_today.count() > 4000
    assert 0 < chart_size(as_at) < chart_size(large)


def seat_members(body, count, *, start=D(2009, 1, 1)):
    """`count` people on `body`, each with an organisation, a seat and a deputy."""
    key = f"{body.slug}"
    organisation = OrganisationFactory(name=f"{body.name} partners", slug=f"{key}-partners")
    people = Person.objects.bulk_create(
        Person(name=f"Member {i} of {body}", slug=f"{key}-member-{i}") for i in range(count * 2)
    )
    Membership.objects.bulk_create(
        Membership(
            body=body, person=people[i], organisation=organisation, designated_deputy=people[count + i],
            role=Role.CHAIR if i == 0 else Role.OFFICER if i % 10 == 1 else Role.MEMBER,
            seat=f"Seat {i}", start=start,
        )
        for i in range(count)
    )


def body_with(name, *, members, children):
    """A public body under a forum, with members, children (every other one private), links
    both ways and a dissolved predecessor."""
    forum = services.create_body(name=f"{name} forum", kind="forum")
    body = services.create_body(name=name, kind="executive", parent=forum, established=D(2006, 4, 1))
    for i in range(children):
        services.create_body(name=f"{name} group {i}", kind="task_group", parent=body, public=i % 2 == 0)
    old = services.create_body(
        name=f"Old {name}", kind="executive", parent=forum, established=D(2005, 1, 1), dissolved=D(2006, 4, 1)
    )
    old.successors.add(body)
    for i in range(max(1, children // 5)):
        other = services.create_body(name=f"{name} partner {i}", kind="thematic", parent=forum)
        BodyLink.objects.create(from_body=body, to_body=other, kind=LinkKind.ADVISES)
        BodyLink.objects.create(from_body=other, to_body=body, kind=LinkKind.REPORTS_TO)
    seat_members(body, members)
    return body


def test_body_page_costs_the_same_queries_with_10_and_500_members(visitor, django_assert_num_queries):
    role, client = visitor
    small = body_with("Small executive", members=10, children=2)
    large = body_with("Large executive", members=500, children=50)
    for body, members, children in ((small, 10, 2), (large, 500, 50)):
        with django_assert_num_queries(expected("body", role)):
            response = client.get(body.get_absolute_url())
        assert len(response.context["memberships"]) == members
        assert len(response.context["children"]) == (children if role == "staff" else children // 2)
        assert [b.name for b in response.context["predecessors"]] == [f"Old {body.name}"]
        assert len(response.context["links_in"]) == len(response.context["links_out"]) == max(1, children // 5)


def test_organisation_page_costs_the_same_queries_with_10_and_500_seats(visitor, django_assert_num_queries):
    role, client = visitor
    generate_partnership(bodies=200, memberships=400, seed=3)
    bodies = list(Body.objects.order_by("tree_id", "lft"))
    for name, seats in (("Few Seats Council", 10), ("Many Seats Council", 500)):
        organisation = OrganisationFactory(name=name, slug=name.lower().replace(" ", "-"), tier="district")
        people = Person.objects.bulk_create(
            Person(name=f"{name} councillor {i}", slug=f"{organisation.slug}-{i}") for i in range(seats)
        )
        Membership.objects.bulk_create(
            Membership(
                body=bodies[i % len(bodies)], person=people[i], organisation=organisation,
                designated_deputy=people[i - 1], seat=f"{name} seat {i}", start=D(2009, 1, 1),
            )
            for i in range(seats)
        )
        visible = Membership.objects.filter(organisation=organisation)
        if role == "anonymous":
            visible = visible.filter(body__public=True)
        with django_assert_num_queries(expected("organisation", role)):
            response = client.get(organisation.get_absolute_url(), {"on": "2010-01-01"})
        assert len(response.context["seats"]) == visible.count() > seats * 0.8


def test_organisation_list_costs_the_same_queries_with_20_and_300_organisations(visitor, django_assert_num_queries):
    role, client = visitor
    url = reverse("partnerships:organisations")
    generate_partnership(bodies=60, memberships=300, seed=4)
    assert Organisation.objects.count() == 20
    with django_assert_num_queries(expected("organisations", role)):
        client.get(url)
    generate_partnership(bodies=100, memberships=3000, organisations=300, seed=5)
    assert Organisation.objects.count() == 320
    with django_assert_num_queries(expected("organisations", role)):
        response = client.get(url)
    assert len(response.context["organisations"]) == 320


def test_popolo_costs_the_same_queries_at_10_and_500_bodies(visitor, django_assert_num_queries):
    role, client = visitor
    url = reverse("partnerships:popolo")
    generate_partnership(bodies=10, memberships=50, seed=1)
    with django_assert_num_queries(POPOLO_QUERIES):
        small = json.loads(client.get(url).content)
    assert len(small["memberships"]) == Membership.objects.filter(body__public=True).count()
    generate_partnership(bodies=490, memberships=5000, seed=2)
    with django_assert_num_queries(POPOLO_QUERIES):
        large = json.loads(client.get(url).content)
    assert len(large["memberships"]) == Membership.objects.filter(body__public=True).count() > 4000
