import datetime

import pytest
from django.core.exceptions import ValidationError

from partnerships import services
from partnerships.models import Body, Membership
from partnerships.tree import tree_problems
from tests.factories import BodyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def tree_snapshot():
    return list(Body.objects.order_by("pk").values_list("pk", "parent_id", "tree_id", "lft", "rght", "level"))


@pytest.fixture
def cumbria():
    """Seed 001's top of the tree: the Forum, the Leadership Forum under it, and the Chief
    Executives Group and a thematic partnership under that."""
    forum = services.create_body(name="Cumbria Strategic Partnership Forum", kind="forum", layer="strategic")
    clf = services.create_body(name="Cumbria Leadership Forum", kind="board", parent=forum)
    ceg = services.create_body(name="Cumbria Chief Executives Group", kind="chief_executives", parent=clf)
    cyp = services.create_body(name="Children and Young People", kind="thematic", parent=clf)
    return forum, clf, ceg, cyp


def test_create_body_gives_a_unique_slug_and_a_healthy_tree(cumbria):
    forum, clf, ceg, cyp = cumbria
    twin = services.create_body(name="Children and young people!", kind="thematic", parent=forum)
    assert cyp.slug == "children-and-young-people"
    assert twin.slug == "children-and-young-people-2"
    assert list(clf.get_children()) == [ceg, cyp]
    assert tree_problems() == []


def test_create_body_rejects_unknown_kind_and_writes_nothing(cumbria):
    before = Body.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_body(name="The Boardd", kind="boardd")
    assert "kind" in error.value.message_dict
    assert Body.objects.count() == before


def test_move_body_moves_its_whole_branch(cumbria):
    forum, clf, ceg, cyp = cumbria
    task = services.create_body(name="Waste task group", kind="task_group", parent=cyp)
    services.move_body(body=cyp, target=forum)
    cyp.refresh_from_db()
    task.refresh_from_db()
    assert cyp.parent == forum
    assert task.parent == cyp and task.level == 2
    assert tree_problems() == []


@pytest.mark.parametrize("position", ["first-child", "last-child", "left", "right"])
def test_a_body_cannot_be_moved_into_its_own_branch(cumbria, position):
    forum, clf, ceg, cyp = cumbria
    task = services.create_body(name="Waste task group", kind="task_group", parent=cyp)
    before = tree_snapshot()
    target = task if position.endswith("child") else task
    with pytest.raises(ValidationError) as error:
        services.move_body(body=clf, target=target, position=position)
    assert "own branch" in " ".join(error.value.messages) or "descendant" in " ".join(error.value.messages)
    assert tree_snapshot() == before


def test_a_body_cannot_be_its_own_parent_through_update(cumbria):
    forum, clf, ceg, cyp = cumbria
    before = tree_snapshot()
    with pytest.raises(ValidationError) as error:
        services.update_body(clf, parent=clf)
    assert "own branch" in error.value.message_dict["parent"][0]
    with pytest.raises(ValidationError):
        services.update_body(clf, parent=ceg)
    assert tree_snapshot() == before


def test_move_body_rejects_an_unknown_position(cumbria):
    forum, clf, ceg, cyp = cumbria
    with pytest.raises(ValidationError, match="Unknown position"):
        services.move_body(body=cyp, target=forum, position="sideways")


def test_move_with_stale_instances_keeps_the_tree_consistent(cumbria):
    forum, clf, ceg, cyp = cumbria
    stale_cyp = Body.objects.get(pk=cyp.pk)
    services.create_body(name="Another board", kind="board", parent=forum)
    services.move_body(body=ceg, target=forum)  # shifts everyone's lft/rght
    services.move_body(body=stale_cyp, target=forum, position="first-child")
    assert tree_problems() == []


def test_the_same_seat_cannot_be_held_twice_at_the_same_time():
    body = BodyFactory()
    seat = "Leader of Allerdale Borough Council"
    services.add_membership(person=PersonFactory(), body=body, seat=seat, start=D(2009, 11, 5), end=D(2011, 5, 4))
    with pytest.raises(ValidationError) as error:
        services.add_membership(person=PersonFactory(), body=body, seat=seat.upper(), start=D(2011, 5, 1))
    assert "already held" in error.value.message_dict["seat"][0]
    assert Membership.objects.count() == 1
    # The day after the last day is free.
    services.add_membership(person=PersonFactory(), body=body, seat=seat, start=D(2011, 5, 5))
    # The same seat title on another body is another seat.
    services.add_membership(person=PersonFactory(), body=BodyFactory(), seat=seat, start=D(2010, 1, 1))
    assert Membership.objects.count() == 3


def test_an_open_ended_seat_blocks_any_later_holder():
    body = BodyFactory()
    services.add_membership(person=PersonFactory(), body=body, seat="Chief Constable", start=D(2008, 1, 1))
    with pytest.raises(ValidationError):
        services.add_membership(person=PersonFactory(), body=body, seat="Chief Constable", start=D(2020, 1, 1))


def test_membership_without_seat_title_never_clashes():
    body = BodyFactory()
    for _ in range(3):
        services.add_membership(person=PersonFactory(), body=body, start=D(2009, 1, 1))
    assert body.memberships.count() == 3


def test_a_person_can_hold_several_memberships():
    person = PersonFactory()
    services.add_membership(person=person, body=BodyFactory(), role="chair", start=D(2009, 1, 1))
    services.add_membership(person=person, body=BodyFactory(), role="member", start=D(2009, 1, 1))
    assert person.memberships.count() == 2


def test_end_date_before_start_date_is_refused():
    with pytest.raises(ValidationError) as error:
        services.add_membership(person=PersonFactory(), body=BodyFactory(), start=D(2010, 1, 1), end=D(2009, 12, 31))
    assert error.value.message_dict["end"] == ["The end date is before the start date."]
    assert not Membership.objects.exists()


def test_a_member_cannot_be_their_own_deputy():
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.add_membership(person=person, body=BodyFactory(), start=D(2010, 1, 1), designated_deputy=person)
    assert "own deputy" in error.value.message_dict["designated_deputy"][0]


def test_dissolving_a_body_keeps_its_history_and_names_successors():
    # Seed 000: West Cumbria Strategic Partnership dissolved, Copeland's conference created.
    west = services.create_body(name="West Cumbria Strategic Partnership", kind="locality", established=D(2006, 4, 1))
    locality = services.create_body(name="Whitehaven locality", kind="locality", parent=west)
    conference = services.create_body(name="Copeland Partnership Conference", kind="conference", established=D(2010, 12, 1))
    seat = MembershipFactory(body=west, start=D(2007, 1, 1))
    services.dissolve_body(body=west, on=D(2010, 12, 1), successors=[conference], move_children_to=conference)
    west.refresh_from_db()
    seat.refresh_from_db()
    locality.refresh_from_db()
    assert west.dissolved == D(2010, 12, 1)
    assert seat.end == D(2010, 11, 30)
    assert list(west.successors.all()) == [conference]
    assert list(conference.predecessors.all()) == [west]
    assert locality.parent == conference
    assert west.exists_on(D(2010, 11, 30)) and not west.exists_on(D(2010, 12, 1))
    assert tree_problems() == []


def test_dissolving_a_body_with_live_children_needs_a_destination():
    parent = services.create_body(name="Old board", kind="board")
    services.create_body(name="Old group", kind="thematic", parent=parent)
    with pytest.raises(ValidationError, match="choose where they move"):
        services.dissolve_body(body=parent, on=D(2010, 1, 1))
    parent.refresh_from_db()
    assert parent.dissolved is None


def test_dissolving_before_establishment_is_refused():
    body = services.create_body(name="New board", kind="board", established=D(2010, 1, 1))
    with pytest.raises(ValidationError):
        services.dissolve_body(body=body, on=D(2009, 1, 1))


def test_deleting_a_body_with_history_is_refused():
    body = BodyFactory()
    MembershipFactory(body=body)
    with pytest.raises(ValidationError, match="dissolve it rather than delete"):
        services.delete_body(body)
    assert Body.objects.filter(pk=body.pk).exists()


def test_deleting_a_body_with_children_is_refused_and_an_empty_one_goes(cumbria):
    forum, clf, ceg, cyp = cumbria
    with pytest.raises(ValidationError, match="bodies under it"):
        services.delete_body(clf)
    services.delete_body(cyp)
    assert not Body.objects.filter(pk=cyp.pk).exists()
    assert tree_problems() == []


def test_optimum_size_range_must_be_ordered():
    with pytest.raises(ValidationError):
        services.create_body(name="Board", kind="board", size_min=15, size_max=12)


def test_dissolved_must_follow_established():
    with pytest.raises(ValidationError):
        services.create_body(name="Board", kind="board", established=D(2010, 1, 1), dissolved=D(2009, 1, 1))


def test_roles_text_becomes_a_list():
    body = BodyFactory(roles="· Advice and support to Cumbria Leadership Forum\n\n- Hold Thematic Partnerships to account\n")
    assert body.role_list == ["Advice and support to Cumbria Leadership Forum", "Hold Thematic Partnerships to account"]


def test_links_cannot_point_at_themselves_or_repeat():
    ceg, tp = BodyFactory(), BodyFactory()
    services.save_link(from_body=ceg, to_body=tp, kind="holds_to_account")
    with pytest.raises(ValidationError):
        services.save_link(from_body=ceg, to_body=tp, kind="holds_to_account")
    with pytest.raises(ValidationError):
        services.save_link(from_body=ceg, to_body=ceg, kind="advises")


def test_postgres_refuses_overlapping_seat_holders_even_past_clean(on_postgres):
    from django.db import IntegrityError, transaction

    body = BodyFactory()
    Membership.objects.create(person=PersonFactory(), body=body, seat="Chair of NHS Cumbria", start=D(2009, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(person=PersonFactory(), body=body, seat="chair of nhs cumbria", start=D(2010, 1, 1))


def test_partial_rebuild_repairs_one_tree_under_the_lock(cumbria):
    forum, *_ = cumbria
    Body.objects.filter(pk=forum.pk).update(rght=999)
    assert tree_problems()
    Body.objects.partial_rebuild(forum.tree_id)
    assert tree_problems() == []
