"""Terms of reference and the partnership's constitution: versioned documents of a body.

Seed 002's appendices are the model: a concept, primary and additional tasks, membership,
meeting frequency and the expectations of members (the Carlisle Executive's attendance
commitment). A version is a draft until approved (on a date, by a body or at a meeting); an
approved version's text never changes, and approving the next one supersedes it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Body


class TermsKind(models.TextChoices):
    TERMS = "terms", "Terms of reference"
    CONSTITUTION = "constitution", "Constitution"


class TermsStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


# The document's text, in the order the seeds set it out. Fields in LIST_FIELDS hold one entry
# per line (a task, a seat, a reporting line, an expectation).
TEXT_FIELDS = (
    "concept", "primary_tasks", "additional_tasks", "membership", "quorum", "meeting_frequency",
    "reporting_lines", "member_expectations",
)
LIST_FIELDS = frozenset({"primary_tasks", "additional_tasks", "membership", "reporting_lines", "member_expectations"})
BULLETS = " -*\u2022\u00b7\t"


class TermsOfReference(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="terms_of_reference")
    version = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=TermsKind.choices, default=TermsKind.TERMS)
    status = models.CharField(max_length=20, choices=TermsStatus.choices, default=TermsStatus.DRAFT)

    concept = models.TextField(blank=True, help_text="What the body is for, in a sentence or two.")
    primary_tasks = models.TextField(blank=True, help_text="One task per line.")
    additional_tasks = models.TextField(blank=True, help_text="One task per line.")
    membership = models.TextField(blank=True, help_text="One seat or kind of member per line.")
    quorum = models.TextField(blank=True)
    meeting_frequency = models.TextField(blank=True, help_text='For example "To meet monthly".')
    reporting_lines = models.TextField(blank=True, help_text="Whom the body reports to, one per line.")
    member_expectations = models.TextField(
        "expectations of members", blank=True,
        help_text="One per line, e.g. the attendance commitment.",
    )

    approved_on = models.DateField(null=True, blank=True)
    approved_by_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The body that approved this version.",
    )
    approved_at_meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The meeting at which this version was approved.",
    )
    superseded_on = models.DateField(null=True, blank=True)
    review_due = models.DateField("review due", null=True, blank=True)
    change_note = models.TextField(blank=True, help_text="What this version changes, and why.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "terms of reference"
        verbose_name_plural = "terms of reference"
        ordering = ["body", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "version"], name="terms_version_unique_per_body",
                violation_error_message="This body already has a version with this number.",
            ),
            models.UniqueConstraint(
                fields=["body", "kind"], condition=Q(status=TermsStatus.APPROVED), name="terms_one_approved_per_body",
                violation_error_message="This body already has an approved version in force.",
            ),
            models.UniqueConstraint(
                fields=["body", "kind"], condition=Q(status=TermsStatus.DRAFT), name="terms_one_draft_per_body",
                violation_error_message="This body already has a draft: edit that one.",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="terms_version_from_one",
                violation_error_message="Versions are numbered from 1.",
            ),
            models.CheckConstraint(
                condition=Q(status=TermsStatus.DRAFT) | Q(approved_on__isnull=False),
                name="terms_approved_has_date",
                violation_error_message="An approved version needs the date it was approved.",
            ),
            models.CheckConstraint(
                condition=Q(review_due__isnull=True) | Q(approved_on__isnull=True) | Q(review_due__gt=F("approved_on")),
                name="terms_review_after_approval",
                violation_error_message="The review date must be after the approval date.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.body}, version {self.version} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("terms:terms-version", kwargs={"slug": self.body.slug, "version": self.version})

    @property
    def is_draft(self):
        return self.status == TermsStatus.DRAFT

    @property
    def is_constitution(self):
        return self.kind == TermsKind.CONSTITUTION

    def review_overdue_on(self, on):
        return self.status == TermsStatus.APPROVED and self.review_due is not None and self.review_due < on

    @property
    def review_overdue(self):
        return self.review_overdue_on(timezone.localdate())

    def entries(self, field):
        """A list field's entries, one per non-empty line, without bullet characters."""
        return [line.strip(BULLETS) for line in getattr(self, field).splitlines() if line.strip(BULLETS)]

    def sections(self):
        """(field, label, is_list, text or list of entries) for each non-empty field, in order."""
        result = []
        for name in TEXT_FIELDS:
            is_list = name in LIST_FIELDS
            value = self.entries(name) if is_list else getattr(self, name).strip()
            if value:
                result.append((name, self._meta.get_field(name).verbose_name.capitalize(), is_list, value))
        return result

    def clean(self):
        errors = {}
        # A constitution governs the whole partnership, so it belongs to the root body.
        if self.kind == TermsKind.CONSTITUTION and self.body_id and self.body.parent_id is not None:
            errors["kind"] = (
                f"Only the partnership's root body can have a constitution; {self.body} is part of "
                f"{self.body.parent}. Record its terms of reference instead."
            )
        if self.status != TermsStatus.DRAFT and not self.concept.strip():
            errors["concept"] = "An approved version needs a concept: say what the body is for."
        if errors:
            raise ValidationError(errors)
