"""Engagement: the partnership's self-assessment against seed 002's evaluation framework, its
numbered improvement proposals, the jargon buster, and following a body by email.

Seed 002 (Carlisle Partnership improvement paper, 2009) assesses the partnership under seven
criteria from the Chesterfield / North East Derbyshire development and evaluation toolkit, each
with sub-headings, and links 11 numbered proposals to the criteria they serve. Its proposal 4
asks for a user guide that "should attempt to address jargon and acronym barriers". Seed 003
(Wychavon) found that feedback between bodies depended on the chair: anyone may follow a body
and receive what it publishes.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Body, Person


class Criterion(models.Model):
    """One of the framework's seven criteria (reference data, seeded by governance/assessment.py)."""

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
        return reverse("gov:assessment", kwargs={"pk": self.pk})

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


class GlossaryTerm(models.Model):
    """An acronym or piece of jargon and what it stands for (seed 002, proposal 4)."""

    term = models.CharField(max_length=30, unique=True, help_text="As it is written, e.g. LSP or IDeA (case matters).")
    expansion = models.CharField(max_length=200, help_text="What it stands for.")
    explanation = models.TextField(blank=True, help_text="One or two sentences for a newcomer.")
    source = models.CharField(max_length=200, blank=True, help_text="Where the term comes from, e.g. a seed document.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} – {self.expansion}"


def new_subscription_token():
    return secrets.token_urlsafe(16)


class Subscription(models.Model):
    """Someone following a body by email (double opt-in). The signed links in emails name the
    row and its random token, so a link never acts on a later subscription of the same address."""

    email = models.EmailField()
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="subscriptions")
    token = models.CharField(max_length=40, default=new_subscription_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(
        null=True, blank=True, help_text="The end of the period the latest digest covered."
    )

    class Meta:
        ordering = ["body__name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "body", condition=Q(unsubscribed_at__isnull=True),
                name="subscription_once_per_address_and_body",
            ),
        ]

    def __str__(self):
        return f"{self.email} follows {self.body}"

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None


@receiver([post_save, post_delete], sender=GlossaryTerm)
def glossary_changed(sender, **kwargs):
    # The next page that marks acronyms reads the terms afresh, once the change is committed.
    from governance.glossary import forget_terms

    transaction.on_commit(forget_terms)
