import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
if not app.conf.broker_url:
    # No broker configured: tasks run eagerly in-process, so name the in-memory transport
    # rather than let kombu guess at an AMQP server on localhost.
    app.conf.broker_url = "memory://"


@worker_init.connect
@beat_init.connect
def refuse_to_work_without_a_secret_key(**kwargs):
    from config.guard import require_secret_key

    require_secret_key()
