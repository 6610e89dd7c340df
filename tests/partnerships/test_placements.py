"""The dated position history: move_body records from a day, and every reader of the structure
on a date (chart, body page, Popolo, export) shows each body where it sat that day."""

import datetime
import io
import json

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from partnerships import services
from partnerships.models import Body, BodyPlacement
from partnerships.placements import parents_on
from partnerships.structure_io import export_structure
from partnerships.tree import tree_problems
from tests.factories import BodyFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def county():
    """Seed 001's Cumbria: the Rural Forum under the Forum, and Cumbria Vision beside it."""
    forum = services.create_body(name="Cumbria Strategic Partnership Forum", kind="forum", established=D(2009, 1, 1))
    vision = services.create_body(
        name="Cumbria Vision Thematic Partnership", kind="thematic", parent=forum, established=D(2009, 1, 1)
    )
    rural = services.create_body(name="Cumbria Rural Forum", kind="thematic", parent=forum, established=D(2009, 1, 1))
    return forum, vision, rural


def parent_on(body, on):
    return parents_on(on)[body.pk]


def test_a_move_today_keeps_the_earlier_structure(county, client):
    forum, vision, rural = county
    services.move_body(body=rural, target=vision)
    today = timezone.localdate()

    assert parent_on(rural, D(2009, 11, 5)) == forum.pk
    assert parent_on(rural, today) == vision.pk
    rural.refresh_from_db()
    assert rural.parent == vision and tree_problems() == []
    assert list(rural.placements.values_list("parent_id", "start", "end")) == [
        (forum.pk, D(2009, 1, 1), today), (vision.pk, today, None),
    ]
    # The body page on the earlier day names its parent of that day.
    response = client.get(rural.get_absolute_url(), {"on": "2009-11-05"})
    assert [a.name for a in response.context["ancestors"]] == [forum.name]
    response = client.get(forum.get_absolute_url(), {"on": "2009-11-05"})
    assert rural in response.context["children"]
    response = client.get(vision.get_absolute_url(), {"on": "2009-11-05"})
    assert rural not in response.context["children"]


def test_a_restructure_before_the_portal_is_entered_with_its_date(county, client):
    forum, vision, rural = county
    services.move_body(body=rural, target=vision, on=D(2010, 4, 1))

    rural.refresh_from_db()
    assert rural.parent == vision  # today's tree follows
    assert parent_on(rural, D(2010, 3, 31)) == forum.pk
    assert parent_on(rural, D(2010, 4, 1)) == vision.pk

    def chart(on):
        roots = client.get(reverse("partnerships:structure"), {"on": on}).context["entries"]
        return [entry.body.name for entry in roots]

    # Tree order of the chart: the Rural Forum follows its parent of the day.
    assert chart("2009-11-05") == [forum.name, vision.name, rural.name]
    page = client.get(reverse("partnerships:structure"), {"on": "2009-11-05"}).content.decode()
    vision_at = page.index(vision.name)
    assert "<ul>" not in page[vision_at:page.index(rural.name)]  # a sibling, not nested under Vision


def test_a_past_move_between_later_moves_changes_only_its_period(county):
    forum, vision, rural = county
    other = services.create_body(name="Cumbria Leadership Forum", kind="board", parent=forum, established=D(2009, 1, 1))
    services.move_body(body=rural, target=vision, on=D(2011, 1, 1))
    services.move_body(body=rural, target=other, on=D(2010, 1, 1))

    assert [parent_on(rural, day) for day in (D(2009, 6, 1), D(2010, 6, 1), D(2011, 6, 1))] == [
        forum.pk, other.pk, vision.pk,
    ]
    rural.refresh_from_db()
    assert rural.parent == vision  # the latest move still holds today


def test_moving_back_joins_the_periods(county):
    forum, vision, rural = county
    services.move_body(body=rural, target=vision, on=D(2010, 1, 1))
    services.move_body(body=rural, target=forum, on=D(2010, 1, 1))
    assert list(rural.placements.values_list("parent_id", "start", "end")) == [(forum.pk, D(2009, 1, 1), None)]


@pytest.mark.parametrize("on, message", [
    (D(2008, 1, 1), "established on 1 January 2009"),
    (timezone.localdate() + datetime.timedelta(days=3), "in the future"),
])
def test_a_move_outside_the_bodys_life_is_refused(county, on, message):
    forum, vision, rural = county
    with pytest.raises(ValidationError, match=message):
        services.move_body(body=rural, target=vision, on=on)
    assert rural.placements.count() == 1


def test_a_move_under_a_dissolved_body_is_refused(county):
    forum, vision, rural = county
    services.dissolve_body(body=vision, on=D(2010, 1, 1))
    with pytest.raises(ValidationError, match="dissolved on 1 January 2010"):
        services.move_body(body=rural, target=vision)


def test_a_past_move_cannot_put_a_body_inside_its_own_branch_on_that_day(county):
    forum, vision, rural = county
    services.move_body(body=rural, target=vision, on=D(2010, 1, 1))
    with pytest.raises(ValidationError, match="own branch"):
        services.move_body(body=vision, target=rural, on=D(2010, 6, 1))
    # Before the Rural Forum moved under it, Vision could sit under the Rural Forum.
    with pytest.raises(ValidationError, match="own branch"):
        # ...but not for a period that runs on past the day the Rural Forum moved under Vision.
        services.move_body(body=vision, target=rural, on=D(2009, 6, 1))


def test_dissolving_moves_the_bodies_under_it_from_that_day(county):
    forum, vision, rural = county
    task = services.create_body(name="Rural task group", kind="task_group", parent=rural, established=D(2009, 1, 1))
    services.dissolve_body(body=rural, on=D(2010, 4, 1), successors=[vision], move_children_to=vision)
    assert parent_on(task, D(2010, 3, 31)) == rural.pk
    assert parent_on(task, D(2010, 4, 1)) == vision.pk


def test_bodies_without_history_sit_under_their_current_parent():
    parent = BodyFactory()
    child = BodyFactory(parent=parent)  # written straight to the model, as the benchmark does
    assert parents_on(D(2001, 1, 1))[child.pk] == parent.pk
    services.move_body(body=child, target=None, on=D(2010, 1, 1))
    assert parents_on(D(2001, 1, 1))[child.pk] == parent.pk
    assert parents_on(D(2011, 1, 1))[child.pk] is None


def test_import_records_new_bodies_and_moves(county):
    forum, vision, rural = county
    rural.parent = vision
    Body.objects.filter(pk=rural.pk).update(parent=vision)
    services.record_places()
    assert parent_on(rural, D(2009, 6, 1)) == forum.pk
    assert parent_on(rural, timezone.localdate()) == vision.pk


def test_export_on_a_date_writes_that_days_structure(county):
    forum, vision, rural = county
    later = services.create_body(name="Cumbria Economic Group", kind="task_group", parent=vision, established=D(2011, 1, 1))
    services.add_membership(person=PersonFactory(name="Ann Example"), body=rural, start=D(2009, 1, 1), end=D(2009, 12, 31))
    services.move_body(body=rural, target=vision, on=D(2010, 4, 1))

    then = export_structure(on=D(2009, 11, 5))
    forum_entry = then["bodies"][0]
    assert [child["name"] for child in forum_entry["children"]] == [vision.name, rural.name]
    assert "children" not in forum_entry["children"][0]  # Vision had nothing under it yet
    assert [m["person"] for m in then["memberships"]] == ["Ann Example"]

    now = export_structure()
    assert [child["name"] for child in now["bodies"][0]["children"]] == [vision.name]
    assert {c["name"] for c in now["bodies"][0]["children"][0]["children"]} == {rural.name, later.name}
    assert now["memberships"][0]["person"] == "Ann Example"

    out = io.StringIO()
    call_command("export_structure", "--on", "2009-11-05", stdout=out)
    assert yaml.safe_load(out.getvalue()) == then


def test_export_refuses_a_date_it_cannot_read():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("export_structure", "--on", "5 Nov 2009", stdout=io.StringIO())


def test_popolo_on_a_date_gives_that_days_parent(county, client):
    forum, vision, rural = county
    services.move_body(body=rural, target=vision, on=D(2010, 4, 1))

    def parent_in_popolo(**params):
        data = json.loads(client.get(reverse("partnerships:popolo"), params).content)
        return {o["id"]: o.get("parent_id") for o in data["organizations"]}[f"body/{rural.slug}"]

    assert parent_in_popolo() == f"body/{vision.slug}"
    assert parent_in_popolo(on="2009-11-05") == f"body/{forum.slug}"
    response = client.get(reverse("partnerships:popolo"), {"on": "yesterday"})
    assert response.status_code == 400 and "YYYY-MM-DD" in response.json()["error"]


def test_new_bodies_are_placed_from_their_establishment(county):
    forum, vision, rural = county
    assert set(BodyPlacement.objects.values_list("body_id", "parent_id", "start")) == {
        (forum.pk, None, D(2009, 1, 1)), (vision.pk, forum.pk, D(2009, 1, 1)), (rural.pk, forum.pk, D(2009, 1, 1)),
    }
