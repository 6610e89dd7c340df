import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from partnerships import selectors, services
from tests.factories import MembershipFactory, StaffUserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def flatten(nodes, depth=0):
    for node in nodes:
        yield depth, node.body.name
        yield from flatten(node.children, depth + 1)


@pytest.fixture
def carlisle():
    """Seed 002: the Carlisle Partnership with its Executive and a priority group, and an old
    board that was dissolved."""
    cp = services.create_body(name="Carlisle Partnership", kind="locality", established=D(2006, 3, 1))
    executive = services.create_body(name="Carlisle Partnership Executive", kind="executive", parent=cp, established=D(2006, 3, 1))
    old = services.create_body(name="Old Carlisle Board", kind="board", parent=cp, established=D(2006, 3, 1), dissolved=D(2008, 1, 1))
    priority = services.create_body(name="Safer and Stronger Communities", kind="thematic", parent=old, established=D(2006, 3, 1))
    private = services.create_body(name="Funding task group", kind="task_group", parent=executive, public=False)
    return cp, executive, old, priority, private


def test_chart_shows_chair_and_seated_size_on_the_day(carlisle):
    cp, executive, *_ = carlisle
    MembershipFactory(body=executive, role="chair", person__name="Ann Chair", start=D(2006, 3, 1), end=D(2009, 12, 31))
    MembershipFactory(body=executive, role="chair", person__name="Bob Chair", start=D(2010, 1, 1))
    MembershipFactory(body=executive, role="member", start=D(2006, 3, 1))
    MembershipFactory(body=executive, role="officer", start=D(2006, 3, 1))  # supports, does not sit
    MembershipFactory(body=executive, role="member", start=D(2006, 3, 1), end=D(2007, 1, 1))
    anon = AnonymousUser()
    node = selectors.structure_chart(user=anon, on=D(2009, 6, 1))[0].children[0]
    assert (node.body.name, node.body.chair_name, node.body.seated_count) == ("Carlisle Partnership Executive", "Ann Chair", 2)
    node = selectors.structure_chart(user=anon, on=D(2010, 6, 1))[0].children[0]
    assert (node.body.chair_name, node.body.seated_count) == ("Bob Chair", 2)


def test_chart_as_at_a_date_shows_bodies_that_existed_then(carlisle):
    anon = AnonymousUser()
    assert list(flatten(selectors.structure_chart(user=anon, on=D(2007, 6, 1)))) == [
        (0, "Carlisle Partnership"),
        (1, "Carlisle Partnership Executive"),
        (1, "Old Carlisle Board"),
        (2, "Safer and Stronger Communities"),
    ]
    # After the board was dissolved, its surviving group hangs from the nearest body that existed.
    assert list(flatten(selectors.structure_chart(user=anon, on=D(2009, 6, 1)))) == [
        (0, "Carlisle Partnership"),
        (1, "Carlisle Partnership Executive"),
        (1, "Safer and Stronger Communities"),
    ]
    assert selectors.structure_chart(user=anon, on=D(2005, 1, 1)) == []


def test_private_bodies_are_charted_for_staff_only(carlisle):
    staff = StaffUserFactory()
    names = [name for _, name in flatten(selectors.structure_chart(user=staff, on=D(2009, 6, 1)))]
    assert "Funding task group" in names
    names = [name for _, name in flatten(selectors.structure_chart(user=AnonymousUser(), on=D(2009, 6, 1)))]
    assert "Funding task group" not in names


def test_body_page_lists_members_on_the_day_chair_first(carlisle):
    cp, executive, *_ = carlisle
    MembershipFactory(body=executive, role="member", person__name="Aaron Member", start=D(2006, 3, 1))
    MembershipFactory(body=executive, role="chair", person__name="Zoe Chair", start=D(2006, 3, 1), designated_deputy=None)
    MembershipFactory(body=executive, role="member", person__name="Later Member", start=D(2012, 1, 1))
    page = selectors.body_page(user=AnonymousUser(), body=executive, on=D(2009, 6, 1))
    assert [m.person.name for m in page["memberships"]] == ["Zoe Chair", "Aaron Member"]
    assert page["seated_count"] == 2
    assert [a.name for a in page["ancestors"]] == ["Carlisle Partnership"]
    assert page["children"] == []  # the private task group is hidden from the public
    assert page["deputy_coverage"] == {"with_deputy": 0, "seated": 2}


@pytest.mark.parametrize(
    "value, expected, has_error",
    [("2009-11-05", D(2009, 11, 5), False), ("", None, False), ("05/11/2009", None, True), ("2009-02-30", None, True), ("<script>", None, True)],
)
def test_parse_on_date(value, expected, has_error):
    on, error = selectors.parse_on_date(value)
    assert (error is not None) == has_error
    if expected:
        assert on == expected


def test_a_public_body_under_a_private_one_hangs_from_the_nearest_visible_ancestor(carlisle):
    cp, executive, old, priority, private = carlisle
    services.create_body(name="Open working group", kind="task_group", parent=private)
    tree = list(flatten(selectors.structure_chart(user=AnonymousUser(), on=D(2009, 6, 1))))
    assert (2, "Open working group") in tree
