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
