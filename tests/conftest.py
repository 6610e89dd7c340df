import os

import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            # One pytest-xdist worker runs them all, so one Chromium starts, not one per worker.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL, as CI does)")


class Broker:
    """A stand-in broker for tests of what is queued: records each task sent, or refuses them
    all while `down` (as an unreachable Redis does)."""

    def __init__(self):
        self.sent, self.down = [], False

    def send_task(self, name, args=None, kwargs=None, **options):
        if self.down:
            from kombu.exceptions import OperationalError

            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        self.sent.append((name, list(args or []), dict(kwargs or {})))


@pytest.fixture
def broker(monkeypatch):
    """Tasks go through the outbox to this broker instead of running eagerly."""
    from celery import current_app

    stand_in = Broker()
    monkeypatch.setitem(current_app.conf, "task_always_eager", False)
    monkeypatch.setattr("outbox.services.current_app", stand_in)
    return stand_in


@pytest.fixture
def redis_worker(settings):
    """A real Celery worker on this run's broker (CELERY_BROKER_URL, as CI sets it), in this
    process. Its queue is emptied first: tests that commit without a worker leave their tasks
    there, and a worker must not run another test's leftovers."""
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs a broker (set CELERY_BROKER_URL, as CI does)")
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(app.conf.task_default_queue)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker
