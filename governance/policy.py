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

    def without_confidential(self, user, queryset, *, meeting="minutes__meeting"):
        """Rows tied to an agenda item (minute entries, decisions, actions, declarations) less
        those of confidential items the user may not read; `meeting` is the lookup path from
        the row to its meeting. Does not check that the meeting or minutes are visible."""
        members = self._members(user)
        if members is None:
            return queryset
        return queryset.filter(
            Q(item__isnull=True) | Q(item__confidential=False) | Q(**{f"{meeting}__body_id__in": members})
        )

    def visible_agenda_items(self, user, queryset=None):
        """Agenda items across meetings that the user may read: visible_items as one queryset,
        for lists of meetings with their agendas. Does not check that the meetings are visible."""
        from meetings.models import AgendaItem

        queryset = AgendaItem.objects.all() if queryset is None else queryset
        readers, members = self._readers(user), self._members(user)
        if readers is not None:
            queryset = queryset.filter(Q(meeting__agenda_published_at__isnull=False) | Q(meeting__body_id__in=readers))
        if members is not None:
            queryset = queryset.filter(Q(confidential=False) | Q(meeting__body_id__in=members))
        return queryset

    def visible_papers(self, user, queryset=None):
        """Papers the user may open: can_see_paper as one queryset, for lists."""
        from meetings.models import Paper

        queryset = Paper.objects.all() if queryset is None else queryset
        queryset = queryset.filter(item__meeting__in=self.visible(user))
        readers, members = self._readers(user), self._members(user)
        if members is not None:
            queryset = queryset.filter(Q(item__confidential=False) | Q(item__meeting__body_id__in=members))
        if readers is not None:
            queryset = queryset.filter(
                Q(item__meeting__body_id__in=readers)
                | Q(item__meeting__agenda_published_at__isnull=False, published_at__isnull=False)
            )
        return queryset

    def visible_items_with_papers(self, user, meeting):
        """visible_items in agenda order, each with `papers` prefetched: those the user may
        open (the meeting page and the agenda pack show the same agenda)."""
        from django.db.models import Prefetch

        return (
            self.visible_items(user, meeting)
            .order_by("position")
            .prefetch_related(Prefetch("papers", queryset=self.visible_papers(user).order_by("pk")))
        )

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


def paper_get_for_user(user, pk):
    """The paper if the user may open it (meeting_policy.can_see_paper); 404 otherwise, so a
    confidential or unpublished paper and a missing one look the same."""
    from meetings.models import Paper

    paper = Paper.objects.select_related("item__meeting__body").filter(pk=pk).first()
    if paper is None or not meeting_policy.can_see_paper(user, paper):
        raise Http404("No such paper.")
    return paper


class PerformancePolicy:
    """Community-strategy performance.

    - The public sees published quarters only (a public summary); members of any body,
      executives and staff see every quarter's data.
    - Quarterly report PDFs are for executives and staff only.
    - Measurements are entered by staff and by officers of the indicator's lead body (or its
      theme's lead body); staff publish quarters."""

    def sees_unpublished(self, user):
        if sees_everything(user):
            return True
        return bool(user.is_authenticated and body_policy.member_body_ids(user))

    def visible_periods(self, user, strategy):
        """None when every period is visible, otherwise the set of published periods."""
        if self.sees_unpublished(user):
            return None
        return frozenset(strategy.published_quarters.values_list("period", flat=True))

    def can_download_reports(self, user):
        return sees_everything(user)

    def visible_reports(self, user, queryset=None):
        """Quarterly reports the user may list, follow and download: all of them for executives
        and staff, none for anyone else (a report holds unpublished quarters' data)."""
        from performance.models import PerformanceReport

        queryset = PerformanceReport.objects.all() if queryset is None else queryset
        return queryset if self.can_download_reports(user) else queryset.none()

    def can_publish_quarters(self, user):
        return is_staff(user)

    def can_enter_measurements(self, user, indicator):
        lead = indicator.lead_body_id or indicator.outcome.theme.lead_body_id
        if is_staff(user):
            return True
        return lead is not None and lead in (body_policy.managed_body_ids(user) or frozenset())

    def enterable_indicators(self, user, queryset):
        """The indicators of `queryset` whose measurements the user may enter."""
        if is_staff(user):
            return queryset
        managed = body_policy.managed_body_ids(user) or frozenset()
        return queryset.filter(
            Q(lead_body_id__in=managed) | Q(lead_body__isnull=True, outcome__theme__lead_body_id__in=managed)
        )


performance_policy = PerformancePolicy()


def report_get_for_user(user, pk, queryset=None):
    """The quarterly report if the user may see it (performance_policy.visible_reports); 404
    otherwise, so that a forbidden report and a missing one look the same."""
    from performance.models import PerformanceReport

    try:
        return performance_policy.visible_reports(user, queryset).get(pk=pk)
    except (PerformanceReport.DoesNotExist, ValueError):
        raise Http404("No such report.") from None


class AssessmentPolicy:
    """Self-assessments against seed 002's evaluation framework, and improvement proposals.

    - A body's assessments, their results and PDF: those who read the body's private material
      (members, officers, executives, staff). Members score candidly: never the public.
    - Scoring: members of the body (body_policy.member_body_ids) while the round is open, as the
      person their login belongs to. Staff read every body's material but score only where they
      hold a seat themselves.
    - Opening and closing rounds, evidence, and editing proposals: staff.
    - Proposals: a body's to its readers, partnership-wide ones to anyone signed in."""

    def visible(self, user, queryset=None):
        from .models import Assessment

        queryset = Assessment.objects.all() if queryset is None else queryset
        readers = body_policy.private_material_body_ids(user)
        return queryset if readers is None else queryset.filter(body_id__in=readers)

    def can_read(self, user, body):
        return bool(user.is_authenticated) and body_policy.can_see_private_material(user, body)

    def _scoring_body_ids(self, user):
        ids = body_policy.member_body_ids(user)
        if ids is None:  # staff: the bodies they sit on themselves
            ids = frozenset(
                _body_ids_with_permission(user, [VIEW_PRIVATE, MANAGE]).values_list("content_object_id", flat=True)
            )
        return ids

    def scorer(self, user, assessment):
        """The person `user` scores `assessment` as, or None when they may not score it."""
        from partnerships.models import Person

        if not (user.is_authenticated and assessment.is_open):
            return None
        person = Person.objects.filter(user=user).first()
        if person is None:
            return None
        return person if assessment.body_id in self._scoring_body_ids(user) else None

    def can_score(self, user, assessment):
        return self.scorer(user, assessment) is not None

    def scorable(self, user, queryset=None):
        """The open rounds of `queryset` the user may score: can_score as one queryset."""
        from django.utils import timezone

        from partnerships.models import Person

        from .models import Assessment

        queryset = Assessment.objects.all() if queryset is None else queryset
        if not user.is_authenticated or not Person.objects.filter(user=user).exists():
            return queryset.none()
        return queryset.filter(body_id__in=self._scoring_body_ids(user), status="open").filter(
            Q(closes_on__isnull=True) | Q(closes_on__gte=timezone.localdate())
        )

    def can_manage(self, user):
        """Open and close rounds, add evidence, edit proposals."""
        return is_staff(user)

    def visible_proposals(self, user, queryset=None):
        from .models import ImprovementProposal

        queryset = ImprovementProposal.objects.all() if queryset is None else queryset
        if not user.is_authenticated:
            return queryset.none()
        readers = body_policy.private_material_body_ids(user)
        return queryset if readers is None else queryset.filter(Q(body__isnull=True) | Q(body_id__in=readers))


assessment_policy = AssessmentPolicy()
