"""Celery entry points for meetings: thin adapters that take ids and call services."""

from celery import shared_task
from django.db import OperationalError

from governance.reviews import open_attendance_reviews

from . import services
from .attendance import evaluate_all


@shared_task(bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def review_attendance(self, body_id=None):
    """After attendance is recorded (for that body) and nightly (every body): evaluate the
    attendance rule and open reviews for newly flagged seats. Idempotent: a window is reviewed
    once, so a redelivered or repeated run opens nothing new."""
    verdicts = evaluate_all(body_ids=None if body_id is None else [body_id])
    opened = open_attendance_reviews(verdicts)
    return {"evaluated": len(verdicts), "opened": len(opened)}


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def publish_scheduled():
    """Every five minutes (CELERY_BEAT_SCHEDULE): publish agendas, their papers and approved
    minutes whose scheduled time has passed. Idempotent, so a redelivered run is harmless."""
    return services.publish_due()
