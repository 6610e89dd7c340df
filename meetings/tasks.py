"""Celery entry points for meetings: thin adapters that take ids and call services. The
attendance review task lives in governance/tasks.py: it opens governance's membership reviews."""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def publish_scheduled():
    """Every five minutes (CELERY_BEAT_SCHEDULE): publish agendas, their papers and approved
    minutes whose scheduled time has passed. Idempotent, so a redelivered run is harmless."""
    return services.publish_due()
