"""Celery entry points for the outbox."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def send_queued_tasks():
    """Every minute (CELERY_BEAT_SCHEDULE): send the tasks that could not be sent when they were
    queued, because the broker was unreachable then."""
    sent, waiting = services.send_queued()
    return {"sent": sent, "waiting": waiting}
