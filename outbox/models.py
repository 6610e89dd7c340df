from django.db import models
from django.utils import timezone


class QueuedTask(models.Model):
    """A Celery task waiting to be sent: written in the transaction that asked for it, deleted
    once the broker has taken it."""

    task = models.CharField(max_length=200, help_text="The Celery task's name.")
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0, help_text="Sends that failed (the broker was unreachable).")
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.task} queued {self.created_at:%Y-%m-%d %H:%M:%S}"
