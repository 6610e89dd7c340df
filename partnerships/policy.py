"""Who may see or change a body: the policy every other app's policy builds on.

Modelled on Wagtail's permission policies: each answers "may this user do this to this
object" and "which objects may this user see" (a queryset). Guardian's object permissions and
the roles in roles.py hide behind it; views call these functions and never guardian. Each app
keeps the policy of the objects it owns (meetings/policy.py, performance/policy.py,
governance/assessment/policy.py), built on this one.
"""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from .models import Body, BodyUserObjectPermission, Membership, Role
from .roles import is_executive, is_staff

VIEW_PRIVATE = "view_private_body"
MANAGE = "manage_body"


def _seats_and_grants(user, codenames):
    """One source of truth for a person's access to bodies: their own seats on the day it is
    asked (every seat reads its body's private material, an officer's manages it too), so a
    seat gives and loses access the moment it is written or its dates pass, whatever wrote it
    (a service, the admin, a bulk import). Guardian holds only grants without a seat, given
    by hand."""
    seats = Membership.objects.active_on(timezone.localdate()).filter(person__user=user)
    if VIEW_PRIVATE not in codenames:
        seats = seats.filter(role=Role.OFFICER)
    granted = BodyUserObjectPermission.objects.filter(user=user, permission__codename__in=codenames)
    return seats.order_by().values_list("body_id"), granted.order_by().values_list("content_object_id")


def _bodies_q(user, codenames):
    seats, granted = _seats_and_grants(user, codenames)
    return Q(pk__in=seats) | Q(pk__in=granted)


def _body_ids(user, codenames):
    """The same bodies as a set of ids, in one query."""
    seats, granted = _seats_and_grants(user, codenames)
    return frozenset(body_id for (body_id,) in seats.union(granted))


def sees_everything(user):
    return is_staff(user) or is_executive(user)


class BodyPolicy:
    """Bodies: public ones to everyone; private ones to their members, executives and staff."""

    def visible(self, user, queryset=None):
        queryset = Body.objects.all() if queryset is None else queryset
        if sees_everything(user):
            return queryset
        if not user.is_authenticated:
            return queryset.filter(public=True)
        return queryset.filter(
            Q(public=True) | _bodies_q(user, [VIEW_PRIVATE, MANAGE])
        )

    def member_body_ids(self, user):
        """Ids of bodies the user sits on or supports as officer; None means all (staff)."""
        if is_staff(user):
            return None
        return self.seated_body_ids(user)

    def seated_body_ids(self, user):
        """Ids of bodies the user sits on or supports as officer themselves, staff included."""
        if not user.is_authenticated:
            return frozenset()
        return _body_ids(user, [VIEW_PRIVATE, MANAGE])

    def private_material_body_ids(self, user):
        """Ids of bodies whose non-public material the user may see; None means all of them."""
        return None if sees_everything(user) else self.member_body_ids(user)

    def managed_body_ids(self, user):
        """Ids of bodies whose records the user may manage; None means all of them."""
        if is_staff(user):
            return None
        if not user.is_authenticated:
            return frozenset()
        return _body_ids(user, [MANAGE])

    def managed(self, user, queryset=None):
        """The bodies (of `queryset`) whose records the user may manage."""
        queryset = Body.objects.all() if queryset is None else queryset
        ids = self.managed_body_ids(user)
        return queryset if ids is None else queryset.filter(pk__in=ids)

    def view_test(self, user):
        """can_view(user, body) as a function of the body, for many bodies at the price of at
        most one query: for pages that print bodies met through other objects (a theme's or an
        indicator's lead body), whose names must stay private."""
        readers = self.private_material_body_ids(user)
        return lambda body: body.public or readers is None or body.pk in readers

    def can_view(self, user, body):
        return body.public or self.can_see_private_material(user, body)

    def can_see_private_material(self, user, body):
        ids = self.private_material_body_ids(user)
        return ids is None or body.pk in ids

    def can_manage(self, user, body):
        ids = self.managed_body_ids(user)
        return ids is None or body.pk in ids

    def can_administer_structure(self, user):
        """Create, move, dissolve and delete bodies; edit organisations and people."""
        return is_staff(user)

    def can_see_health(self, user, body):
        """A body's governance health check: its readers (members and officers), executives and
        staff; signed in only, even for a public body (it names the body's weaknesses)."""
        return bool(user.is_authenticated) and self.can_see_private_material(user, body)

    def can_see_partnership_health(self, user):
        """The whole partnership's health check and the monthly digest: executives and staff."""
        return sees_everything(user)


body_policy = BodyPolicy()


def body_get_for_user(user, slug, queryset=None):
    """The body with this slug if the user may see it; 404 otherwise, so that a private body
    and a missing one look the same to an outsider."""
    try:
        return body_policy.visible(user, queryset).get(slug=slug)
    except Body.DoesNotExist:
        raise Http404("No such body.") from None


def body_get_for_manager(user, slug):
    body = body_get_for_user(user, slug)
    if not body_policy.can_manage(user, body):
        raise Http404("No such body.")
    return body
