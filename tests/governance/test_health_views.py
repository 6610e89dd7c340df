"""The governance health pages (governance/health/views.py): the whole partnership for executives
and staff, a body's health for its readers; filters, bad input and constant query counts."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import StaffUserFactory, UserFactory, make_executive

from .health_data import ON, body, many_bodies, seat

pytestmark = pytest.mark.django_db

HEALTH = reverse("health:health")


def member_of(on_body):
    """A login for someone who holds a seat on `on_body`."""
    person = seat(on_body)[0].person
    person.user = UserFactory()
    person.save()
    return person.user


@pytest.fixture
def staff(client):
    client.force_login(StaffUserFactory())
    return client


@pytest.fixture
def troubled_board():
    board = body("board", name="Cumbria Leadership Forum")
    seat(board, 25, deputy=False)
    return board


def test_staff_see_every_body_worst_first_with_reasoning_and_fix_links(staff, troubled_board):
    healthy = body("task_group", name="Flood Recovery Task Group")
    response = staff.get(HEALTH, {"on": ON.isoformat()})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Cumbria Leadership Forum") < page.index("Flood Recovery Task Group")
    assert "Larger than the optimum size" in page and "25 seated members against an optimum of 12–15" in page
    assert "talking shops" in page  # the seed's reasoning, under "Why this matters"
    assert reverse("partnerships:body", kwargs={"slug": troubled_board.slug}) + "#members" in page
    summary = response.context["summary"]
    assert (summary.bodies, summary.by_severity["problem"]) == (2, 1)
    assert reverse("health:body-health", kwargs={"slug": healthy.slug}) in page


def test_filter_by_severity_and_kind(staff, troubled_board):
    body("task_group", name="Flood Recovery Task Group")
    shown = lambda **query: [h.body.name for h in staff.get(HEALTH, {"on": ON.isoformat(), **query}).context["page"]]  # noqa: E731
    assert shown(severity="problem") == ["Cumbria Leadership Forum"]
    assert shown(kind="task_group") == ["Flood Recovery Task Group"]
    assert shown(severity="good") == []


def test_bad_filters_are_explained_not_a_500(staff, troubled_board):
    response = staff.get(HEALTH, {"on": "31/06/2010", "severity": "dreadful"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "Enter a date in the form YYYY-MM-DD." in page
    assert response.context["on"] == datetime.date.today()


@pytest.mark.parametrize("on", ["9999-12-31", "0001-01-01"])
def test_dates_the_check_cannot_read_are_refused_not_a_500(staff, troubled_board, on):
    for url in (HEALTH, reverse("health:body-health", kwargs={"slug": troubled_board.slug})):
        response = staff.get(url, {"on": on})
        assert response.status_code == 200 and "Enter a date between 1900 and 2999." in response.content.decode()


def test_executives_see_the_partnership_page_and_members_do_not(client, troubled_board):
    client.force_login(member_of(troubled_board))
    assert client.get(HEALTH).status_code == 404
    client.force_login(make_executive(UserFactory()))
    assert client.get(HEALTH).status_code == 200


def test_pages_of_bodies(staff):
    many_bodies(60)
    first = staff.get(HEALTH, {"on": ON.isoformat()})
    assert len(first.context["page"].object_list) == 50 and "Page 1 of 2" in first.content.decode()
    second = staff.get(HEALTH, {"on": ON.isoformat(), "page": "2"})
    assert len(second.context["page"].object_list) == 10
    assert staff.get(HEALTH, {"page": "nonsense"}).status_code == 200


@pytest.mark.parametrize("count", [10, 500])
def test_the_partnership_page_costs_a_constant_number_of_queries(staff, count, django_assert_num_queries):
    many_bodies(count, meetings=2)
    # Session, user and the user's roles (the page header), then the check's ten queries.
    with django_assert_num_queries(13):
        response = staff.get(HEALTH, {"on": ON.isoformat()})
    assert response.context["summary"].bodies == count


# One body ---------------------------------------------------------------------------------------


def test_a_member_sees_their_bodys_health_but_not_another_bodys(client, troubled_board):
    other = body("thematic", name="Safer Communities Partnership")
    client.force_login(member_of(troubled_board))
    response = client.get(reverse("health:body-health", kwargs={"slug": troubled_board.slug}), {"on": ON.isoformat()})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Governance health of Cumbria Leadership Forum" in page and "Larger than the optimum size" in page
    assert "All representatives should have designated deputies" in page
    assert reverse("health:health") not in page  # the whole partnership is for executives and staff
    assert client.get(reverse("health:body-health", kwargs={"slug": other.slug})).status_code == 404


def test_a_dissolved_body_has_nothing_to_check(staff):
    gone = body("thematic", dissolved=datetime.date(2009, 1, 1))
    response = staff.get(reverse("health:body-health", kwargs={"slug": gone.slug}), {"on": ON.isoformat()})
    assert response.status_code == 200 and "There is nothing to check" in response.content.decode()


def test_a_bad_date_on_the_body_page_is_explained(staff, troubled_board):
    response = staff.get(reverse("health:body-health", kwargs={"slug": troubled_board.slug}), {"on": "yesterday"})
    assert response.status_code == 200 and "Enter a date in the form YYYY-MM-DD." in response.content.decode()


def test_the_body_page_links_to_its_health_for_its_readers_only(client, troubled_board):
    link = reverse("health:body-health", kwargs={"slug": troubled_board.slug})
    assert link not in client.get(troubled_board.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert link not in client.get(troubled_board.get_absolute_url()).content.decode()
    client.force_login(member_of(troubled_board))
    assert link in client.get(troubled_board.get_absolute_url()).content.decode()
    client.force_login(make_executive(UserFactory()))
    assert link in client.get(troubled_board.get_absolute_url()).content.decode()


def test_staff_change_a_kinds_norms_in_the_admin_and_bad_values_are_explained(staff, troubled_board):
    from governance.models import KindStandard

    changelist = reverse("admin:governance_kindstandard_changelist")
    assert changelist in staff.get(HEALTH).content.decode()
    board = KindStandard.objects.get(kind="board")
    change = reverse("admin:governance_kindstandard_change", args=[board.pk])
    form = {"kind": "board", "size_min": "12", "size_max": "30", "meetings_per_year_min": "2", "meetings_per_year_max": "3",
            "expects_deputies": "on", "expected_sectors": '["public", "banking"]', "expected_tiers": "[]", "source": "x"}
    response = staff.post(change, form)
    assert response.status_code == 200 and "Give a list of these values" in response.content.decode()
    staff.post(change, {**form, "expected_sectors": '["public"]'})
    board.refresh_from_db()
    assert (board.size_max, board.expected_sectors) == (30, ["public"])
    assert "size.over" not in [f.code for f in staff.get(HEALTH, {"on": ON.isoformat()}).context["page"][0].findings]


def test_fix_links_are_offered_only_to_those_who_may_follow_them(client, troubled_board):
    """Scheduling a meeting and adding a member are the body's managers': an executive or a
    member reads the finding without a link that would answer "Page not found"."""
    schedule = reverse("meetings:meeting-add", kwargs={"slug": troubled_board.slug})
    page = reverse("health:body-health", kwargs={"slug": troubled_board.slug})
    client.force_login(StaffUserFactory())
    assert schedule in client.get(HEALTH, {"on": ON.isoformat()}).content.decode()
    client.force_login(make_executive(UserFactory()))
    response = client.get(HEALTH, {"on": ON.isoformat()}).content.decode()
    assert "No meeting for twice the expected interval" in response and schedule not in response
    client.force_login(member_of(troubled_board))
    response = client.get(page, {"on": ON.isoformat()}).content.decode()
    assert "No meeting for twice the expected interval" in response and schedule not in response
    officer = seat(troubled_board, role="officer")[0].person
    officer.user = UserFactory()
    officer.save()
    client.force_login(officer.user)
    assert schedule in client.get(page, {"on": ON.isoformat()}).content.decode()
