"""Self-assessment: the partnership's assessment against seed 002's evaluation framework and its
numbered improvement proposals.

Seed 002 (Carlisle Partnership improvement paper, 2009) assesses the partnership under seven
criteria from the Chesterfield / North East Derbyshire development and evaluation toolkit, each
with sub-headings, and links 11 numbered proposals to the criteria they serve.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Body, Person


class Criterion(models.Model):
    """One of the framework's seven criteria (reference data, seeded by governance/assessment/services.py)."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name_plural = "criteria"

    def __str__(self):
        return self.name


class Question(models.Model):
    """A sub-heading of a criterion (seed 002's "Clarity of Purpose" etc.), put as a statement
    members score."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200, help_text="The sub-heading, in the framework's words.")
    text = models.TextField(help_text="The statement members score.")

    class Meta:
        ordering = ["criterion__number", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "position"], name="question_position_unique"),
        ]

    def __str__(self):
        return f"{self.criterion.number}.{self.position} {self.heading}"


class Scale(models.IntegerChoices):
    # How far the statement holds for the body; "don't know" is no score at all.
    NOT_AT_ALL = 1, "Not at all"
    A_LITTLE = 2, "A little"
    PARTLY = 3, "Partly"
    MOSTLY = 4, "Mostly"
    FULLY = 5, "Fully"


class AssessmentStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Assessment(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="assessments")
    title = models.CharField(max_length=200)
    opened_on = models.DateField()
    closes_on = models.DateField(null=True, blank=True, help_text="The last day members can score.")
    status = models.CharField(max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=F("opened_on")),
                name="assessment_closes_after_it_opens",
                violation_error_message="The closing date is before the opening date.",
            ),
            # One open round per body, so members are never asked the same questions twice over.
            models.UniqueConstraint(
                fields=["body"], condition=Q(status="open"), name="assessment_one_open_per_body",
                violation_error_message="This body already has an open self-assessment.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.body})"

    def get_absolute_url(self):
        return reverse("assessment:assessment", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        """Open for scoring: not closed, and its closing date (if any) not passed."""
        return self.status == AssessmentStatus.OPEN and (
            self.closes_on is None or timezone.localdate() <= self.closes_on
        )


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="scores")
    member = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assessment_scores")
    score = models.PositiveSmallIntegerField(
        choices=Scale.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment", "question", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question", "member"], name="score_once_per_member_and_question",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="score_within_scale",
                violation_error_message="A score is from 1 (not at all) to 5 (fully).",
            ),
        ]

    def __str__(self):
        return f"{self.member} scored {self.question} {self.score}"


class Evidence(models.Model):
    """What staff found for a criterion (seed 002's "CP's Performance" column)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="evidence")
    text = models.TextField()
    link = models.URLField(blank=True, max_length=500)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessment", "criterion__number", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return f"{self.criterion}: {self.text[:60]}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ImprovementProposal(models.Model):
    """A numbered improvement proposal (seed 002, section 7.0), for a body or, with no body,
    for the whole partnership."""

    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.CASCADE, related_name="improvement_proposals",
        help_text="Leave empty for a proposal for the whole partnership.",
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    target_group = models.CharField(
        max_length=200, help_text='Who carries it out, e.g. "Conveners and Partnership Staff".'
    )
    target_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The body that carries it out, where it is one body.",
    )
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="improvement_proposals")
    status = models.CharField(max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    criteria = models.ManyToManyField(Criterion, blank=True, related_name="proposals")
    due = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["body__name", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number"], condition=Q(body__isnull=False), name="proposal_number_unique_per_body",
                violation_error_message="This body already has a proposal with this number.",
            ),
            models.UniqueConstraint(
                fields=["number"], condition=Q(body__isnull=True), name="proposal_number_unique_partnership_wide",
                violation_error_message="There is already a partnership-wide proposal with this number.",
            ),
        ]

    def __str__(self):
        return f"Proposal {self.number}{f' ({self.body})' if self.body_id else ''}"
