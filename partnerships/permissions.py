"""Guardian's body permissions, written to follow memberships, and the role groups."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import BodyUserObjectPermission, Membership, Role
from .policy import MANAGE, VIEW_PRIVATE


def _permission_ids():
    from django.contrib.auth.models import Permission

    return dict(
        Permission.objects.filter(
            content_type__app_label="partnerships", codename__in=[VIEW_PRIVATE, MANAGE]
        ).values_list("codename", "pk")
    )


def sync_body_permissions(*, user_ids=None, on: datetime.date | None = None):
    """Make guardian's body permissions match the memberships active on `on` (today).

    Every active membership grants `view_private_body` on its body; an officer's also grants
    `manage_body`. Permissions from memberships that ended are revoked. Set-based: a fixed
    number of queries whatever the number of users. Returns (granted, revoked) counts.
    """
    on = on or timezone.localdate()
    permission_ids = _permission_ids()
    memberships = Membership.objects.active_on(on).filter(person__user__isnull=False)
    existing = BodyUserObjectPermission.objects.filter(permission_id__in=permission_ids.values())
    if user_ids is not None:
        memberships = memberships.filter(person__user_id__in=user_ids)
        existing = existing.filter(user_id__in=user_ids)

    wanted = set()
    for user_id, body_id, role in memberships.values_list("person__user_id", "body_id", "role"):
        wanted.add((user_id, body_id, permission_ids[VIEW_PRIVATE]))
        if role == Role.OFFICER:
            wanted.add((user_id, body_id, permission_ids[MANAGE]))

    have = {
        (user_id, body_id, permission_id): pk
        for pk, user_id, body_id, permission_id in existing.values_list(
            "pk", "user_id", "content_object_id", "permission_id"
        )
    }
    to_revoke = [pk for key, pk in have.items() if key not in wanted]
    to_grant = [
        BodyUserObjectPermission(user_id=u, content_object_id=b, permission_id=p)
        for (u, b, p) in wanted - have.keys()
    ]
    with transaction.atomic():
        if to_revoke:
            BodyUserObjectPermission.objects.filter(pk__in=to_revoke).delete()
        BodyUserObjectPermission.objects.bulk_create(to_grant, ignore_conflicts=True)
    return len(to_grant), len(to_revoke)


def sync_permissions_for_people(person_ids):
    from .models import Person

    user_ids = list(
        Person.objects.filter(Q(pk__in=person_ids), user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    if user_ids:
        sync_body_permissions(user_ids=user_ids)


# Staff administer the structure in the admin; these model permissions are what it checks.
STAFF_MODEL_PERMISSIONS = {
    "partnerships": ["body", "organisation", "person", "membership", "bodylink"],
}


def ensure_role_groups(**kwargs):
    """Create the Executives and Partnership staff groups (after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    from .roles import EXECUTIVES_GROUP, STAFF_GROUP

    Group.objects.get_or_create(name=EXECUTIVES_GROUP)
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    wanted = Q()
    for app_label, models in STAFF_MODEL_PERMISSIONS.items():
        wanted |= Q(content_type__app_label=app_label, content_type__model__in=models)
    staff.permissions.add(*Permission.objects.filter(wanted))
