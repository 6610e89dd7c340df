"""Queue tasks through the outbox, and send what is waiting in it."""

import datetime
import logging
import threading

from celery import current_app
from django.conf import settings
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone

from .models import QueuedTask

logger = logging.getLogger(__name__)

# A request must not wait on an unreachable broker: one reconnection, then the row waits for
# the relay (outbox.tasks.send_queued_tasks, every minute, and each worker's start).
SEND_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
# The relay leaves younger rows to the commit that queued them, so that one is not sent twice.
RELAY_AFTER = datetime.timedelta(seconds=30)


def send_on_commit(task, *args, **kwargs):
    """Send `task(*args, **kwargs)` to the broker once the current transaction commits, and not
    at all if it rolls back; if the broker cannot take it then, it is sent when it can. Without
    a broker (tasks run eagerly, the embedded default) the task runs on commit, in-process: in
    the request, or on a thread of its own in development (CELERY_TASK_IN_THREAD)."""
    if task.app.conf.task_always_eager:
        if getattr(settings, "CELERY_TASK_IN_THREAD", False):
            transaction.on_commit(lambda: run_in_thread(task, args, kwargs))
        else:
            task.delay_on_commit(*args, **kwargs)
        return None
    queued = QueuedTask.objects.create(task=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: send_now(queued))
    return queued


def run_in_thread(task, args=(), kwargs=None):
    """Run the task eagerly on a daemon thread, so that the request which queued it answers at
    once and its page can show the progress, as with a worker (`make run`: no broker, DEBUG).
    The thread's own database connection is closed when it ends. Returns the thread."""

    def work():
        try:
            task.apply(args=list(args), kwargs=kwargs or {})
        except Exception:  # noqa: BLE001 - a thread has no caller to tell: log it, as a worker would
            logger.exception("Task %s failed on its development thread", task.name)
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, name=f"task {task.name}", daemon=True)
    thread.start()
    return thread


def _send(queued):
    current_app.send_task(
        queued.task, args=queued.args, kwargs=queued.kwargs, retry=True, retry_policy=SEND_RETRY_POLICY
    )


def _failed(queued, error):
    QueuedTask.objects.filter(pk=queued.pk).update(attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:1000])


def send_now(queued):
    """Send one queued task and delete it; if the broker is unreachable, leave it queued.
    True when sent."""
    try:
        _send(queued)
    except Exception as error:  # noqa: BLE001 - any failure to send leaves the row for the relay
        logger.warning("Broker unreachable: %s stays queued for the relay (%s)", queued.task, error)
        _failed(queued, error)
        return False
    QueuedTask.objects.filter(pk=queued.pk).delete()
    return True


def send_queued(*, older_than=RELAY_AFTER, limit=500, now=None):
    """Send queued tasks older than `older_than`, oldest first, stopping at the first the broker
    refuses. Several relays may run at once: each takes rows the others have not locked.
    Returns (sent, still queued)."""
    cutoff = (now or timezone.now()) - older_than
    sent = 0
    with transaction.atomic():
        batch = QueuedTask.objects.select_for_update(skip_locked=True).filter(created_at__lte=cutoff)[:limit]
        for queued in batch:
            if not send_now(queued):
                break
            sent += 1
    return sent, QueuedTask.objects.count()
