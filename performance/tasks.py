"""Celery entry points for performance: thin adapters that take ids and call services."""

import gc
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

from . import reporting

logger = logging.getLogger(__name__)

# A 200-indicator, 8-quarter report renders in a few seconds (bench/report.py); a render still
# going after two minutes is stuck, and the hard limit ends it (its worker child is replaced).
REPORT_SOFT_TIME_LIMIT = 120
REPORT_TIME_LIMIT = 150


@shared_task(
    bind=True,
    acks_late=True,
    # A lost database connection or a render that failed for a passing reason is worth another
    # try; render_report records each failure on the report and is idempotent, so retrying is
    # safe. A render that ran out of time would only run out of time again.
    autoretry_for=(OperationalError, Exception),
    dont_autoretry_for=(SoftTimeLimitExceeded,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
    soft_time_limit=REPORT_SOFT_TIME_LIMIT,
    time_limit=REPORT_TIME_LIMIT,
)
def render_report_task(self, report_id):
    """Render a requested quarterly report to PDF and file it to the meetings that receive it.
    Idempotent: a redelivered or retried task finds the report done and changes nothing."""
    try:
        report = reporting.render_report(report_id)
    except Exception:
        if not self.request.is_eager:
            raise  # to be retried
        # Without a broker (the embedded default) the render runs inside the request that asked
        # for it: the failure is on the report for its status page, not an error page.
        logger.exception("Report %s could not be rendered", report_id)
        return {"report": report_id, "status": "failed"}
    if not self.request.is_eager:
        # A render leaves some 300,000 objects in reference cycles, uncollected while WeasyPrint
        # ran (performance.report.gc_paused). Collected here, once the PDF is filed, they cost
        # the worker a third of a second that nobody waits for, rather than stalling whatever
        # it runs next (bench/report.py).
        gc.collect()
    if report is None:
        return {"report": report_id, "status": "deleted"}
    return {"report": report.pk, "status": report.status, "pages": report.pages}


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def resume_stalled_renders():
    """Every five minutes (CELERY_BEAT_SCHEDULE): queue again the reports whose worker died
    mid-render."""
    return {"resumed": reporting.resume_stalled_renders()}
