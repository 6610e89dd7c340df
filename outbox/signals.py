"""A worker that starts (or restarts after the broker came back) sends what is waiting at once,
rather than at beat's next minute."""

import logging

from celery.signals import worker_ready

logger = logging.getLogger(__name__)


@worker_ready.connect
def send_queued_tasks_on_start(**kwargs):
    from django.db import DatabaseError

    from .services import send_queued

    try:
        sent, waiting = send_queued()
    except DatabaseError:
        logger.warning("Outbox not relayed at start: the database is unreachable", exc_info=True)
        return
    if sent or waiting:
        logger.info("Outbox at start: %s sent, %s waiting", sent, waiting)
