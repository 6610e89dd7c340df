"""Who may see, score and manage self-assessments and improvement proposals (built on the body
policy in partnerships/policy.py)."""

from django.db.models import Q
from django.utils import timezone

from partnerships.models import Person
from partnerships.policy import body_policy
from partnerships.roles import is_staff

from .models import Assessment, ImprovementProposal


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
        queryset = Assessment.objects.all() if queryset is None else queryset
        readers = body_policy.private_material_body_ids(user)
        return queryset if readers is None else queryset.filter(body_id__in=readers)

    def can_read(self, user, body):
        return bool(user.is_authenticated) and body_policy.can_see_private_material(user, body)

    def _scoring_body_ids(self, user):
        # Staff read every body's material but score only where they sit themselves.
        return body_policy.seated_body_ids(user)

    def scorer(self, user, assessment):
        """The person `user` scores `assessment` as, or None when they may not score it."""
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
        queryset = ImprovementProposal.objects.all() if queryset is None else queryset
        if not user.is_authenticated:
            return queryset.none()
        readers = body_policy.private_material_body_ids(user)
        return queryset if readers is None else queryset.filter(Q(body__isnull=True) | Q(body_id__in=readers))


assessment_policy = AssessmentPolicy()
