from celery import shared_task

from .services import sync_body_permissions


@shared_task(acks_late=True)
def sync_all_body_permissions():
    """Nightly: grant for memberships that started today, revoke for those that ended."""
    granted, revoked = sync_body_permissions()
    return {"granted": granted, "revoked": revoked}
