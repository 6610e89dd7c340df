"""Who may see or change meetings, agendas, papers and minutes (built on the body policy)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.http import Http404

from partnerships.policy import body_policy

from .models import AgendaItem, Meeting, Minutes, MinutesStatus, Paper


@dataclass(frozen=True)
class WithheldItem:
    """A confidential agenda item in its place for a reader who may not read it: the number
    and why the public is excluded (Schedule 12A exempt information), nothing else."""

    position: int
    reason: str
    withheld = True
    confidential = True


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

    def readable_items(self, user, path=""):
        """The confidentiality rule as a filter: agenda items (at the lookup `path`, "" for the
        items themselves) that are not confidential, or whose body's confidential business the
        user may read (can_see_confidential says the same of one meeting). None: nothing is
        barred (staff). Every list of items, papers and minuted rows filters through it."""
        members = self._members(user)
        if members is None:
            return None
        prefix = f"{path}__" if path else ""
        return Q(**{f"{prefix}confidential": False}) | Q(**{f"{prefix}meeting__body_id__in": members})

    def _filter_readable(self, user, queryset, path, *, or_no_item=False):
        rule = self.readable_items(user, path)
        if rule is None:
            return queryset
        return queryset.filter(Q(**{f"{path}__isnull": True}) | rule if or_no_item else rule)

    def visible(self, user, queryset=None):
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
        return self._filter_readable(user, queryset, "")

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
        queryset = Minutes.objects.all() if queryset is None else queryset
        readers = self._readers(user)
        if readers is None:
            return queryset
        published = Q(status=MinutesStatus.PUBLISHED, meeting__public=True, meeting__body__in=body_policy.visible(user))
        return queryset.filter(published | Q(meeting__body_id__in=readers))

    def without_confidential(self, user, queryset):
        """Rows tied to an agenda item, or to none (minute entries, decisions, actions,
        declarations), less those of confidential items the user may not read. Does not check
        that the meeting or minutes are visible."""
        return self._filter_readable(user, queryset, "item", or_no_item=True)

    def visible_agenda_items(self, user, queryset=None):
        """Agenda items across meetings that the user may read: visible_items as one queryset,
        for lists of meetings with their agendas. Does not check that the meetings are visible."""
        queryset = AgendaItem.objects.all() if queryset is None else queryset
        readers = self._readers(user)
        if readers is not None:
            queryset = queryset.filter(Q(meeting__agenda_published_at__isnull=False) | Q(meeting__body_id__in=readers))
        return self._filter_readable(user, queryset, "")

    def visible_papers(self, user, queryset=None):
        """Papers the user may open: can_see_paper as one queryset, for lists."""
        queryset = Paper.objects.all() if queryset is None else queryset
        queryset = queryset.filter(item__meeting__in=self.visible(user))
        queryset = self._filter_readable(user, queryset, "item")
        readers = self._readers(user)
        if readers is not None:
            queryset = queryset.filter(
                Q(item__meeting__body_id__in=readers)
                | Q(item__meeting__agenda_published_at__isnull=False, published_at__isnull=False)
            )
        return queryset

    def visible_items_with_papers(self, user, meeting):
        """visible_items in agenda order, each with `papers` prefetched: those the user may
        open (the meeting page and the agenda pack show the same agenda)."""
        return (
            self.visible_items(user, meeting)
            .order_by("position")
            .prefetch_related(Prefetch("papers", queryset=self.visible_papers(user).order_by("pk")))
        )

    def agenda(self, user, meeting):
        """The agenda as `user` may read it, in order: the items they may read, each with
        `papers` prefetched (those they may open), and a WithheldItem in the place of each
        confidential item they may not read, so the numbering runs on ("Item 5: exempt"): its
        number and exempt reason only, never its title or papers. Two queries."""
        if not self.can_see_agenda(user, meeting):
            return []
        items = list(
            meeting.items.order_by("position").select_related("minutes_of")
            .prefetch_related(Prefetch("papers", queryset=self.visible_papers(user).order_by("pk")))
        )
        if self.can_see_confidential(user, meeting):
            return items
        return [WithheldItem(item.position, item.exempt_reason) if item.confidential else item for item in items]

    def can_manage(self, user, meeting):
        return body_policy.can_manage(user, meeting.body)


meeting_policy = MeetingPolicy()


def meeting_get_for_user(user, pk, queryset=None):
    """The meeting if the user may see it; 404 otherwise."""
    try:
        return meeting_policy.visible(user, queryset).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError):
        raise Http404("No such meeting.") from None


def meeting_get_for_manager(user, pk):
    meeting = meeting_get_for_user(user, pk)
    if not meeting_policy.can_manage(user, meeting):
        raise Http404("No such meeting.")
    return meeting


def paper_get_for_user(user, pk):
    """The paper if the user may open it (meeting_policy.can_see_paper); 404 otherwise, so a
    confidential or unpublished paper and a missing one look the same."""
    paper = Paper.objects.select_related("item__meeting__body").filter(pk=pk).first()
    if paper is None or not meeting_policy.can_see_paper(user, paper):
        raise Http404("No such paper.")
    return paper
