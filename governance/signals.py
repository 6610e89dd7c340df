"""Queue the attendance review when a meeting's register changes: meetings sends the signal,
governance opens the reviews (the layers in pyproject.toml)."""

from django.dispatch import receiver

from meetings.signals import attendance_recorded
from outbox.services import send_on_commit


@receiver(attendance_recorded)
def attendance_changed(sender, meeting, **kwargs):
    from .tasks import review_attendance  # tasks imports the reviews, which import the models

    # Through the outbox: a review asked for while the broker is down runs when it is back.
    send_on_commit(review_attendance, body_id=meeting.body_id)
