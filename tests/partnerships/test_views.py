import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse

from partnerships import services
from partnerships.models import Membership
from tests.factories import MembershipFactory, PersonFactory, StaffUserFactory, UserFactory
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(db):
    return World()


def test_structure_chart_shows_public_bodies_and_hides_private_ones(client, world):
    page = client.get("/structure/").content.decode()
    assert "Carlisle Partnership Executive" in page
    assert "Funding task group" not in page


def test_structure_chart_for_staff_links_to_the_administration_pages(client, world):
    client.force_login(world.users["staff"])
    page = client.get("/structure/").content.decode()
    assert "Funding task group" in page
    assert reverse("partnerships:body-add") in page and reverse("partnerships:people") in page
    assert "/admin/partnerships/" not in page


def test_a_bad_date_warns_and_shows_today_instead_of_failing(client, world):
    response = client.get("/structure/", {"on": "31/02/2009"})
    assert response.status_code == 200
    assert "is not a date in the form YYYY-MM-DD" in response.content.decode()


def test_htmx_request_gets_the_chart_fragment_only(client, world):
    response = client.get("/structure/", {"on": "2009-06-01"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="structure-chart"' in html and "<html" not in html


def test_body_page_as_at_a_date(client):
    body = services.create_body(name="Cumbria Leadership Forum", kind="board", established=D(2009, 11, 5))
    MembershipFactory(body=body, person__name="Early Leader", start=D(2009, 11, 5), end=D(2010, 5, 6))
    MembershipFactory(body=body, person__name="Later Leader", start=D(2010, 5, 7))
    url = body.get_absolute_url()
    assert "Early Leader" in client.get(url, {"on": "2010-01-01"}).content.decode()
    later = client.get(url, {"on": "2011-01-01"}).content.decode()
    assert "Later Leader" in later and "Early Leader" not in later
    assert "did not exist yet" in client.get(url, {"on": "2009-01-01"}).content.decode()


def test_organisation_page_lists_seats_in_visible_bodies_only(client, world):
    organisation = world.membership.organisation
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Funding task group" not in page
    client.force_login(world.users["member"])
    assert "Funding task group" in client.get(organisation.get_absolute_url()).content.decode()


def test_officer_adds_a_member(client, world):
    client.force_login(world.users["officer"])
    person = PersonFactory(name="New Partner")
    url = reverse("partnerships:membership-add", kwargs={"slug": world.private_body.slug})
    response = client.post(url, {"person": person.pk, "role": "member", "start": "2010-01-01", "voting": "on"})
    assert response.status_code == 302
    assert world.private_body.memberships.filter(person=person).exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"seat": "Voluntary sector seat", "start": "2010-01-01"}, "is already held by Mary Member"),
        ({"start": "2010-01-01", "end": "2009-01-01"}, "The end date is before the start date."),
        ({"start": "not a date"}, "Enter a valid date."),
    ],
)
def test_bad_membership_input_is_explained_and_nothing_is_written(client, world, data, message):
    client.force_login(world.users["officer"])
    person = PersonFactory(name="New Partner")
    before = Membership.objects.count()
    url = reverse("partnerships:membership-add", kwargs={"slug": world.private_body.slug})
    response = client.post(url, {"person": person.pk, "role": "member", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Membership.objects.count() == before


def test_officer_of_one_body_cannot_manage_another(client, world):
    client.force_login(world.users["officer"])
    url = reverse("partnerships:membership-add", kwargs={"slug": world.public_body.slug})
    assert client.get(url).status_code == 404


def test_officer_ends_a_seat_keeping_its_history(client, world):
    client.force_login(world.users["officer"])
    m = world.membership
    url = reverse("partnerships:membership-edit", kwargs={"slug": world.private_body.slug, "pk": m.pk})
    response = client.post(url, {"person": m.person_id, "organisation": m.organisation_id, "role": "member",
                                 "seat": m.seat, "voting": "on", "start": "2009-01-01", "end": "2010-03-31"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.end == D(2010, 3, 31)


def test_sign_in_with_email_address(client):
    UserFactory(username="jill@example.org", email="Jill.Stannard@example.org")
    response = client.post(reverse("login"), {"username": "jill.stannard@EXAMPLE.org", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response.url == reverse("accounts:my-account")
    response = client.post(reverse("login"), {"username": "jill.stannard@example.org", "password": "wrong"})
    assert "Enter the email address and password" in response.content.decode()


def test_password_reset_sends_an_email(client):
    UserFactory(email="staff@example.org")
    client.post(reverse("password_reset"), {"email": "staff@example.org"})
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


def test_my_account_lists_the_users_seats(client, world):
    client.force_login(world.users["member"])
    page = client.get(reverse("accounts:my-account")).content.decode()
    assert "Funding task group" in page and "Voluntary sector seat" in page


def test_sign_out_is_a_post(client, world):
    client.force_login(world.users["member"])
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("accounts:my-account")).status_code == 302


def test_staff_can_open_the_admin_tree(client, world):
    client.force_login(StaffUserFactory(is_superuser=True))
    response = client.get(reverse("admin:partnerships_body_changelist"))
    assert response.status_code == 200 and "Funding task group" in response.content.decode()


def test_admin_refuses_to_delete_a_body_with_history(admin_client, world):
    url = reverse("admin:partnerships_body_delete", args=[world.private_body.pk])
    admin_client.post(url, {"post": "yes"}, follow=True)
    assert type(world.private_body).objects.filter(pk=world.private_body.pk).exists()


def test_a_seat_opens_with_its_dates_in_the_date_boxs_format_and_saves_unchanged(client, world):
    from tests.html_forms import form_data

    client.force_login(world.users["officer"])
    m = world.membership
    services.update_membership(m, start=D(2006, 3, 1), end=D(2011, 3, 31), designated_deputy=PersonFactory())
    history = m.history.count()
    url = reverse("partnerships:membership-edit", kwargs={"slug": world.private_body.slug, "pk": m.pk})
    page = client.get(url).content.decode()
    data = form_data(page)
    assert data["start"] == "2006-03-01" and data["end"] == "2011-03-31"

    response = client.post(url, data)
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.start, m.end) == (D(2006, 3, 1), D(2011, 3, 31))
    assert m.history.count() == history  # nothing written, nothing in the audit trail


def test_a_dissolved_body_offers_no_new_seats_or_following_and_names_its_successor(client, world):
    successor = services.create_body(name="Carlisle Partnership Board", kind="board")
    body = world.private_body
    body.public = True
    body.save()
    services.dissolve_body(body=body, on=D(2011, 4, 1), successors=[successor])
    client.force_login(world.users["officer"])

    page = client.get(body.get_absolute_url()).content.decode()
    assert "no longer existed" in page and successor.name in page
    assert reverse("partnerships:membership-add", kwargs={"slug": body.slug}) not in page
    assert reverse("following:follow", kwargs={"slug": body.slug}) not in page
    assert "No one held a seat on this body on this date." in page
    assert not body.memberships.filter(Q(end__isnull=True) | Q(end__gte=D(2011, 4, 1))).exists()

    client.force_login(world.users["staff"])  # the officer's own seat ended with the body
    response = client.get(reverse("partnerships:membership-add", kwargs={"slug": body.slug}), follow=True)
    assert "it has no seats to fill" in response.content.decode()
    with pytest.raises(ValidationError, match="dissolved on 1 April 2011"):
        services.add_membership(person=PersonFactory(), body=body, start=D(2011, 5, 1))
