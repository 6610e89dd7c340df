import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from partnerships import services
from partnerships.models import Membership
from partnerships.policy import VIEW_PRIVATE, body_get_for_manager, body_get_for_user, body_policy
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_public_sees_public_bodies_only(world):
    assert names(body_policy.visible(AnonymousUser())) == ["Carlisle Partnership Executive", "Community Safety Partnership"]
    with pytest.raises(Http404):
        body_get_for_user(AnonymousUser(), world.private_body.slug)


@pytest.mark.parametrize("role", ["member", "officer", "executive", "staff", "admin"])
def test_members_executives_and_staff_see_the_private_body(world, role):
    user = world.users[role]
    assert body_get_for_user(user, world.private_body.slug) == world.private_body
    assert body_policy.can_see_private_material(user, world.private_body)


def test_a_member_of_another_body_does_not_see_it(world):
    outsider = world.users["outsider"]  # the officer of the Community Safety Partnership
    assert names(body_policy.visible(outsider)) == ["Carlisle Partnership Executive", "Community Safety Partnership"]
    assert body_policy.private_material_body_ids(outsider) == frozenset({world.other_body.pk})
    assert not body_policy.can_manage(outsider, world.private_body)


def test_a_person_without_a_seat_sees_the_public_bodies_only(world):
    user = UserFactory()
    PersonFactory(user=user)
    assert names(body_policy.visible(user)) == ["Carlisle Partnership Executive", "Community Safety Partnership"]
    assert body_policy.private_material_body_ids(user) == frozenset()


@pytest.mark.parametrize(
    "role, may_manage",
    [("member", False), ("officer", True), ("executive", False), ("staff", True), ("admin", True)],
)
def test_only_the_bodys_officer_and_staff_manage_it(world, role, may_manage):
    user = world.users[role]
    assert body_policy.can_manage(user, world.private_body) is may_manage
    assert body_policy.can_manage(user, world.public_body) is (role in ("staff", "admin"))
    if not may_manage:
        with pytest.raises(Http404):
            body_get_for_manager(user, world.private_body.slug)


def on_day(monkeypatch, day):
    """The policy asks what day it is (timezone.localdate): make it `day`."""
    monkeypatch.setattr("partnerships.policy.timezone.localdate", lambda: day)


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_a_seat_gives_access_from_its_first_day_to_its_last_with_nothing_to_sync(world, monkeypatch):
    """One source of truth: the seat's own dates, read when access is asked; no task runs."""
    member = world.users["member"]
    services.end_membership(world.membership, on=D(2010, 12, 31))
    services.add_membership(person=world.membership.person, body=world.private_body, start=D(2012, 1, 1))
    for day, sees in [(D(2010, 12, 31), True), (D(2011, 1, 1), False), (D(2011, 12, 31), False), (D(2012, 1, 1), True)]:
        on_day(monkeypatch, day)
        member = fresh(member)
        assert body_policy.can_view(member, world.private_body) is sees, day
        assert (world.private_body in body_policy.visible(member)) is sees, day


def test_an_officer_manages_only_while_seated_as_officer(world, monkeypatch):
    officer = world.users["officer"]
    seat = world.private_body.memberships.get(person__user=officer)
    services.end_membership(seat, on=D(2010, 6, 30))
    on_day(monkeypatch, D(2010, 6, 30))
    assert body_policy.can_manage(fresh(officer), world.private_body)
    on_day(monkeypatch, D(2010, 7, 1))
    assert not body_policy.can_manage(fresh(officer), world.private_body)
    assert body_policy.managed_body_ids(fresh(officer)) == frozenset()


def test_a_bulk_write_changes_access_at_once(world):
    member = world.users["member"]
    Membership.objects.filter(pk=world.membership.pk).update(end=D(2010, 12, 31))  # no signal, no sync
    assert not body_policy.can_view(fresh(member), world.private_body)
    newcomer = UserFactory()
    Membership.objects.bulk_create([Membership(person=PersonFactory(user=newcomer), body=world.private_body,
                                               role="member", start=D(2009, 1, 1))])
    assert body_policy.can_view(fresh(newcomer), world.private_body)


def test_a_grant_without_a_seat_is_kept_in_guardian(world):
    from guardian.shortcuts import assign_perm

    outsider = world.users["outsider"]
    assert not body_policy.can_view(outsider, world.private_body)
    assign_perm(VIEW_PRIVATE, outsider, world.private_body)
    assert body_policy.can_view(fresh(outsider), world.private_body)
    assert not body_policy.can_manage(fresh(outsider), world.private_body)


