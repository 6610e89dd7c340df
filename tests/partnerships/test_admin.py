"""The Django admin stays for superusers but cannot go round the services."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships import services
from partnerships.placements import parents_on
from tests.factories import AdminUserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def admin_client(client):
    client.force_login(AdminUserFactory())
    return client


@pytest.fixture
def bodies():
    forum = services.create_body(name="Cumbria Strategic Partnership Forum", kind="forum", established=D(2009, 1, 1))
    vision = services.create_body(name="Cumbria Vision", kind="thematic", parent=forum, established=D(2009, 1, 1))
    rural = services.create_body(name="Cumbria Rural Forum", kind="thematic", parent=forum, established=D(2009, 1, 1))
    return forum, vision, rural


def test_the_change_form_shows_place_and_dissolution_read_only(admin_client, bodies):
    forum, vision, rural = bodies
    page = admin_client.get(reverse("admin:partnerships_body_change", args=[rural.pk])).content.decode()
    assert 'name="parent"' not in page and 'name="dissolved"' not in page and 'name="slug"' not in page
    assert 'name="name"' in page


def test_drag_and_drop_moves_through_the_service_and_keeps_history(admin_client, bodies):
    forum, vision, rural = bodies
    response = admin_client.post(
        reverse("admin:partnerships_body_changelist"),
        {"cmd": "move_node", "cut_item": rural.pk, "pasted_on": vision.pk, "position": "last-child"},
    )
    assert response.content == b"OK, moved."
    assert parents_on(timezone.localdate())[rural.pk] == vision.pk
    assert parents_on(D(2009, 11, 5))[rural.pk] == forum.pk


def test_drag_into_its_own_branch_is_refused(admin_client, bodies):
    forum, vision, rural = bodies
    response = admin_client.post(
        reverse("admin:partnerships_body_changelist"),
        {"cmd": "move_node", "cut_item": forum.pk, "pasted_on": vision.pk, "position": "last-child"},
    )
    assert response.content == b"FAIL, invalid move."


def test_a_seat_on_a_dissolved_body_is_refused_in_the_admin_too(admin_client, bodies):
    forum, vision, rural = bodies
    services.dissolve_body(body=rural, on=D(2010, 4, 1))
    person = services.save_person(name="Late Joiner")
    response = admin_client.post(reverse("admin:partnerships_membership_add"), {
        "person": person.pk, "body": rural.pk, "role": "member", "seat": "", "voting": "on", "start": "2010-06-01",
    })
    assert response.status_code == 200  # the form again, with the error
    assert "was dissolved on 1 April 2010: a seat on it must start before then." in response.content.decode()
    assert not rural.memberships.exists()


def test_the_admins_seat_saves_go_through_the_services_and_its_slugs_stay(admin_client, bodies):
    forum, vision, rural = bodies
    person = services.save_person(name="Ann Armstrong")
    organisation = services.save_organisation(name="Carlisle City Council", sector="public")
    response = admin_client.post(reverse("admin:partnerships_membership_add"), {
        "person": person.pk, "body": vision.pk, "organisation": organisation.pk, "role": "member", "seat": "",
        "voting": "on", "start": "2010-01-01",
    })
    assert response.status_code == 302
    membership = vision.memberships.get()
    assert membership.history.count() == 1  # recorded in the audit trail, as the services record it
    page = admin_client.get(reverse("admin:partnerships_organisation_change", args=[organisation.pk])).content.decode()
    assert 'name="slug"' not in page
    admin_client.post(reverse("admin:partnerships_organisation_change", args=[organisation.pk]),
                      {"name": "Carlisle City Council (renamed)", "sector": "public", "tier": ""})
    organisation.refresh_from_db()
    assert (organisation.name, organisation.slug) == ("Carlisle City Council (renamed)", "carlisle-city-council")


def test_an_existing_seat_opens_and_saves_in_the_admin(admin_client, bodies):
    """A seat has no slug to keep: its change page opens, and an edit saves through the services."""
    forum, vision, rural = bodies
    person = services.save_person(name="Ann Armstrong")
    membership = services.add_membership(person=person, body=vision, role="member", start=D(2010, 1, 1))
    url = reverse("admin:partnerships_membership_change", args=[membership.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {
        "person": person.pk, "body": vision.pk, "role": "member", "seat": "Carlisle City Council",
        "voting": "on", "start": "2010-01-01",
    })
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.seat == "Carlisle City Council"
    assert membership.history.count() == 2


def test_cross_links_are_written_and_removed_through_the_services_in_the_admin(admin_client, bodies):
    forum, vision, rural = bodies
    response = admin_client.post(reverse("admin:partnerships_bodylink_add"), {
        "from_body": vision.pk, "kind": "reports_to", "to_body": vision.pk,
    })
    assert response.status_code == 200 and "A body cannot be linked to itself." in response.content.decode()
    response = admin_client.post(reverse("admin:partnerships_bodylink_add"), {
        "from_body": vision.pk, "kind": "reports_to", "to_body": forum.pk,
    })
    assert response.status_code == 302
    link = vision.links_out.get()
    assert link.history.count() == 1
    response = admin_client.post(reverse("admin:partnerships_bodylink_delete", args=[link.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not vision.links_out.exists()
    assert link.history.count() == 2  # the removal is in the audit trail too
