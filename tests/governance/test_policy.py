import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from partnerships import services
from partnerships.models import BodyUserObjectPermission
from partnerships.permissions import sync_body_permissions
from partnerships.policy import body_get_for_manager, body_get_for_user, body_policy
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


def test_expired_membership_revokes_and_a_new_one_grants(world):
    member = world.users["member"]
    services.end_membership(world.membership, on=D(2010, 12, 31))
    granted, revoked = sync_body_permissions(on=D(2011, 1, 1))
    assert revoked >= 1
    member = type(member).objects.get(pk=member.pk)
    assert not body_policy.can_view(member, world.private_body)
    # Back on the body from a later date: granted once that day comes.
    services.add_membership(person=world.membership.person, body=world.private_body, start=D(2012, 1, 1))
    sync_body_permissions(on=D(2011, 6, 1))
    assert not body_policy.can_view(member, world.private_body)
    sync_body_permissions(on=D(2012, 1, 1))
    assert body_policy.can_view(member, world.private_body)


def test_sync_is_idempotent_and_set_based(world, django_assert_max_num_queries):
    before = sorted(BodyUserObjectPermission.objects.values_list("user_id", "content_object_id", "permission_id"))
    with django_assert_max_num_queries(6):
        assert sync_body_permissions() == (0, 0)
    after = sorted(BodyUserObjectPermission.objects.values_list("user_id", "content_object_id", "permission_id"))
    assert before == after


def test_membership_written_anywhere_grants_on_commit(world, django_capture_on_commit_callbacks):
    newcomer = UserFactory()
    person = PersonFactory(user=newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_membership(person=person, body=world.private_body, start=D(2009, 1, 1))
    assert body_policy.can_view(type(newcomer).objects.get(pk=newcomer.pk), world.private_body)


def test_nightly_task_runs_the_same_sync(world):
    from governance.tasks import sync_all_body_permissions

    services.end_membership(world.membership, on=D(2010, 12, 31))
    assert sync_all_body_permissions.apply().get()["revoked"] >= 1
