"""Structure administration pages for staff: every write goes through the services."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from partnerships import services
from partnerships.models import Body, Organisation, Person
from partnerships.placements import parents_on
from tests.factories import PersonFactory, StaffUserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def staff(client):
    client.force_login(StaffUserFactory())
    return client


@pytest.fixture
def board():
    forum = services.create_body(name="Carlisle Partnership", kind="forum", established=D(2006, 3, 1))
    board = services.create_body(name="Carlisle Partnership Executive", kind="executive", parent=forum, established=D(2006, 3, 1))
    return forum, board


def test_staff_add_a_thematic_partnership_under_the_board(staff, board):
    forum, executive = board
    url = reverse("partnerships:body-add") + f"?parent={executive.slug}"
    page = staff.get(url).content.decode()
    assert f'<option value="{executive.pk}" selected>' in page
    response = staff.post(url, {"name": "Carlisle Housing Partnership", "kind": "thematic", "layer": "operational",
                                "parent": executive.pk, "public": "on", "established": "2010-04-01"})
    body = Body.objects.get(name="Carlisle Housing Partnership")
    assert response.status_code == 302 and response.url == body.get_absolute_url()
    assert body.slug == "carlisle-housing-partnership" and body.parent == executive
    assert parents_on(D(2010, 4, 1))[body.pk] == executive.pk


def test_a_rename_keeps_the_address(staff, board):
    forum, executive = board
    url = reverse("partnerships:body-edit", kwargs={"slug": executive.slug})
    response = staff.post(url, {"name": "Carlisle Executive Board", "kind": "executive", "public": "on",
                                "established": "2006-03-01"})
    executive.refresh_from_db()
    assert response.status_code == 302 and executive.name == "Carlisle Executive Board"
    assert executive.slug == "carlisle-partnership-executive"
    assert staff.get(executive.get_absolute_url()).status_code == 200


def test_staff_move_a_body_from_a_past_date(staff, board):
    forum, executive = board
    other = services.create_body(name="Cumbria Leadership Forum", kind="board", established=D(2006, 1, 1))
    url = reverse("partnerships:body-move", kwargs={"slug": executive.slug})
    response = staff.post(url, {"target": other.pk, "on": "2010-04-01"})
    assert response.status_code == 302
    assert parents_on(D(2010, 3, 31))[executive.pk] == forum.pk
    assert parents_on(D(2010, 4, 1))[executive.pk] == other.pk
    # Into its own branch: refused with the reason on the page, nothing written.
    response = staff.post(reverse("partnerships:body-move", kwargs={"slug": other.slug}), {"target": executive.pk, "on": "2011-01-01"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_staff_dissolve_a_body_with_a_successor(staff, board):
    forum, executive = board
    successor = services.create_body(name="Carlisle Partnership Board", kind="board", parent=forum, established=D(2011, 1, 1))
    child = services.create_body(name="Funding task group", kind="task_group", parent=executive, established=D(2008, 1, 1))
    services.add_membership(person=PersonFactory(), body=executive, start=D(2006, 3, 1))
    url = reverse("partnerships:body-dissolve", kwargs={"slug": executive.slug})
    response = staff.post(url, {"on": "2011-04-01", "successors": [successor.pk]})
    assert "choose where they move to" in response.content.decode()
    response = staff.post(url, {"on": "2011-04-01", "successors": [successor.pk], "move_children_to": successor.pk})
    assert response.status_code == 302
    executive.refresh_from_db()
    assert executive.dissolved == D(2011, 4, 1) and list(executive.successors.all()) == [successor]
    assert executive.memberships.get().end == D(2011, 3, 31)
    assert parents_on(D(2011, 4, 1))[child.pk] == successor.pk


def test_delete_only_a_body_made_by_mistake(staff, board):
    forum, executive = board
    mistake = services.create_body(name="Carlisle Partnershp", kind="forum")
    assert staff.post(reverse("partnerships:body-delete", kwargs={"slug": forum.slug}), follow=True).status_code == 200
    assert Body.objects.filter(pk=forum.pk).exists()
    staff.post(reverse("partnerships:body-delete", kwargs={"slug": mistake.slug}))
    assert not Body.objects.filter(pk=mistake.pk).exists()


def test_staff_add_an_organisation_and_a_person_and_invite_them(staff):
    from django.test import Client

    client = Client()
    staff.post(reverse("partnerships:organisation-add"), {"name": "Riverside Housing", "sector": "voluntary"})
    assert Organisation.objects.get(name="Riverside Housing").slug == "riverside-housing"
    response = staff.post(reverse("partnerships:person-add"), {"name": "Jill Stannard", "email": "jill@example.org"})
    person = Person.objects.get(name="Jill Stannard")
    assert response.url == reverse("partnerships:person-edit", kwargs={"slug": person.slug})

    staff.post(reverse("partnerships:person-invite", kwargs={"slug": person.slug}))
    person.refresh_from_db()
    assert person.user.email == "jill@example.org" and not person.user.has_usable_password()
    link = re.search(r"https?://\S+/accounts/reset/\S+", mail.outbox[-1].body).group(0)
    # The link lets her choose a password and sign in.
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Stanwix-bridge-1989", "new_password2": "Stanwix-bridge-1989"})
    signed_in = Client().post(reverse("login"), {"username": "jill@example.org", "password": "Stanwix-bridge-1989"})
    assert signed_in.status_code == 302

    staff.post(reverse("partnerships:person-revoke", kwargs={"slug": person.slug}))
    person.user.refresh_from_db()
    assert not person.user.is_active
    refused = Client().post(reverse("login"), {"username": "jill@example.org", "password": "Stanwix-bridge-1989"})
    assert refused.status_code == 200


def test_inviting_someone_without_an_email_explains(staff):
    person = PersonFactory(email="")
    response = staff.post(reverse("partnerships:person-invite", kwargs={"slug": person.slug}), follow=True)
    assert "has no e-mail address" in response.content.decode()
    assert get_user_model().objects.count() == 1  # only the staff user


@pytest.mark.parametrize("name", ["body-edit", "body-move", "body-dissolve", "body-delete"])
def test_the_pages_are_for_staff_only(client, board, name):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse(f"partnerships:{name}", kwargs={"slug": board[1].slug})).status_code == 404
