from celery import shared_task
from django.db import OperationalError

from governance.reviews.services import open_attendance_reviews
from meetings.attendance import evaluate_all


@shared_task(bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def review_attendance(self, body_id=None):
    """After attendance is recorded (for that body) and nightly (every body): evaluate the
    attendance rule (meetings) and open reviews for newly flagged seats. Idempotent: a window
    is reviewed once, so a redelivered or repeated run opens nothing new."""
    verdicts = evaluate_all(body_ids=None if body_id is None else [body_id])
    opened = open_attendance_reviews(verdicts)
    return {"evaluated": len(verdicts), "opened": len(opened)}


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_publication_digests():
    """Daily (CELERY_BEAT_SCHEDULE): email each confirmed follower of a body what it published
    since their last digest (seed 003). Each digest moves its subscription's window on, so a
    retried or repeated run sends nothing twice."""
    from governance.following.services import send_publication_digests as send

    return {"sent": send()}


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_health_digest_task():
    """Monthly (CELERY_BEAT_SCHEDULE): email partnership staff the governance health digest. A
    retry after a mail server failure may repeat the email to staff it had reached: a second
    copy of a monthly summary is better than none."""
    from governance.health.digest import send_health_digest

    return {"sent": send_health_digest()}
