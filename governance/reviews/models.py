from django.conf import settings
from django.db import models
from django.db.models import Q

from partnerships.models import Membership


class ReviewReason(models.TextChoices):
    ATTENDANCE = "attendance", "Attendance below the body's rule"
    PERIODIC = "periodic", "Periodic review of the body's membership"


class ReviewOutcome(models.TextChoices):
    # Seed 002: "no formal way of knowing why members leave".
    SEAT_KEPT = "seat_kept", "Seat kept"
    MEMBER_REPLACED = "member_replaced", "Member replaced"
    DEPUTY_CHANGED = "deputy_changed", "Deputy changed"
    MEMBER_LEFT = "member_left", "Member left"


class MembershipReview(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reviews")
    reason = models.CharField(max_length=20, choices=ReviewReason.choices)
    opened_at = models.DateTimeField(auto_now_add=True)
    window_last_meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The last meeting of the attendance window that flagged this membership.",
    )
    attended = models.PositiveSmallIntegerField(null=True, blank=True)
    window = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)
    leaving_reason = models.TextField(blank=True, help_text="Why the member left, where they did.")
    notes = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            # Never two reviews for the same attendance window of the same membership.
            models.UniqueConstraint(
                fields=["membership", "window_last_meeting"], condition=Q(reason="attendance"),
                name="review_once_per_attendance_window",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(outcome=""),
                name="closed_review_has_outcome",
                violation_error_message="A closed review needs an outcome.",
            ),
        ]

    def __str__(self):
        return f"Review of {self.membership} ({self.get_reason_display().lower()})"

    @property
    def is_open(self):
        return self.closed_at is None
