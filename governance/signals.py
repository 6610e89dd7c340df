"""Queue the attendance review when a meeting's register changes: meetings sends the signal,
governance opens the reviews (the layers in pyproject.toml)."""

from django.dispatch import receiver

from meetings.signals import attendance_recorded


@receiver(attendance_recorded)
def attendance_changed(sender, meeting, **kwargs):
    from .tasks import review_attendance  # tasks imports the reviews, which import the models

    review_attendance.delay_on_commit(body_id=meeting.body_id)
