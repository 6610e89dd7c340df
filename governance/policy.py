"""The permission policy: the one place that says who may see or change what.

Modelled on Wagtail's permission policies: each answers "may this user do this to this
object" and "which objects may this user see" (a queryset). Guardian's object permissions and
the roles in roles.py hide behind it; views call these functions and never guardian.
"""

from django.db.models import Q
from django.http import Http404

from partnerships.models import Body, BodyUserObjectPermission

from .roles import is_executive, is_staff

VIEW_PRIVATE = "view_private_body"
MANAGE = "manage_body"


def _body_ids_with_permission(user, codenames):
    return BodyUserObjectPermission.objects.filter(
        user=user, permission__codename__in=codenames
    ).values("content_object_id")


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
            Q(public=True) | Q(pk__in=_body_ids_with_permission(user, [VIEW_PRIVATE, MANAGE]))
        )

    def member_body_ids(self, user):
        """Ids of bodies the user sits on or supports as officer; None means all (staff)."""
        if is_staff(user):
            return None
        if not user.is_authenticated:
            return frozenset()
        return frozenset(
            _body_ids_with_permission(user, [VIEW_PRIVATE, MANAGE]).values_list("content_object_id", flat=True)
        )

    def private_material_body_ids(self, user):
        """Ids of bodies whose non-public material the user may see; None means all of them."""
        return None if sees_everything(user) else self.member_body_ids(user)

    def managed_body_ids(self, user):
        """Ids of bodies whose records the user may manage; None means all of them."""
        if is_staff(user):
            return None
        if not user.is_authenticated:
            return frozenset()
        return frozenset(
            _body_ids_with_permission(user, [MANAGE]).values_list("content_object_id", flat=True)
        )

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


class MeetingPolicy:
    """Meetings, agendas, papers and minutes.

    - Meeting dates of public meetings of visible bodies are public; private meetings are seen
      by those who see the body's private material (members, officers, executives, staff).
    - An agenda and its papers are public once published; the body's readers see drafts.
    - Confidential items and their papers: the body's members and officers, and staff, only.
    - Minutes: the public sees published minutes of public meetings; the body's readers see
      drafts and approved versions too."""

    def _readers(self, user):
        return body_policy.private_material_body_ids(user)

    def _members(self, user):
        """Body ids whose confidential items the user may read; None means all (staff)."""
        return body_policy.member_body_ids(user)

    def visible(self, user, queryset=None):
        from meetings.models import Meeting

        queryset = Meeting.objects.all() if queryset is None else queryset
        readers = self._readers(user)
        if readers is None:
            return queryset
        public = Q(public=True, body__in=body_policy.visible(user))
        return queryset.filter(public | Q(body_id__in=readers))

    def is_reader(self, user, meeting):
        readers = self._readers(user)
        return readers is None or meeting.body_id in readers

    def can_see_agenda(self, user, meeting):
        return meeting.agenda_is_published or self.is_reader(user, meeting)

    def can_see_confidential(self, user, meeting):
        members = self._members(user)
        return members is None or meeting.body_id in members

    def visible_items(self, user, meeting, queryset=None):
        """The agenda items of `meeting` the user may read (assumes the meeting is visible)."""
        queryset = meeting.items.all() if queryset is None else queryset
        if not self.can_see_agenda(user, meeting):
            return queryset.none()
        if self.can_see_confidential(user, meeting):
            return queryset
        return queryset.filter(confidential=False)

    def can_see_paper(self, user, paper):
        item = paper.item
        meeting = item.meeting
        if not self.visible(user).filter(pk=meeting.pk).exists():
            return False
        if item.confidential and not self.can_see_confidential(user, meeting):
            return False
        if self.is_reader(user, meeting):
            return True
        return meeting.agenda_is_published and paper.published_at is not None

    def visible_minutes(self, user, queryset=None):
        """Minutes versions the user may read."""
        from meetings.models import Minutes, MinutesStatus

        queryset = Minutes.objects.all() if queryset is None else queryset
        readers = self._readers(user)
        if readers is None:
            return queryset
        published = Q(status=MinutesStatus.PUBLISHED, meeting__public=True, meeting__body__in=body_policy.visible(user))
        return queryset.filter(published | Q(meeting__body_id__in=readers))

    def can_manage(self, user, meeting):
        return body_policy.can_manage(user, meeting.body)


meeting_policy = MeetingPolicy()


def meeting_get_for_user(user, pk, queryset=None):
    """The meeting if the user may see it; 404 otherwise."""
    from meetings.models import Meeting

    try:
        return meeting_policy.visible(user, queryset).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError):
        raise Http404("No such meeting.") from None


def meeting_get_for_manager(user, pk):
    meeting = meeting_get_for_user(user, pk)
    if not meeting_policy.can_manage(user, meeting):
        raise Http404("No such meeting.")
    return meeting
