"""`make run` (DEBUG, no broker) runs each task on a thread of its own after the commit, so the
request that queued it answers at once; production (a broker) and the tests never do."""

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from celery import shared_task
from django.db import transaction

from outbox.services import send_on_commit

ROOT = Path(__file__).resolve().parents[2]
ran = []


@shared_task
def record(value):
    ran.append((value, threading.current_thread().name))


def setting(**env):
    code = "import config.settings as s; print(s.CELERY_TASK_IN_THREAD)"
    environment = {"PATH": "/usr/bin:/bin", **env}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    return result.stdout.strip()


def test_on_by_default_only_in_development_without_a_broker():
    assert setting(DEBUG="1") == "True"
    assert setting(DEBUG="1", CELERY_BROKER_URL="redis://127.0.0.1:6379/0") == "False"
    assert setting() == "False"
    assert setting(DEBUG="1", CELERY_TASK_IN_THREAD="0") == "False"


@pytest.mark.django_db(transaction=True)
def test_the_task_runs_on_its_own_thread_after_the_commit_and_not_on_a_rollback(settings, monkeypatch):
    from celery import current_app

    from outbox import services

    settings.CELERY_TASK_IN_THREAD = True
    monkeypatch.setitem(current_app.conf, "task_always_eager", True)
    threads = []
    run = services.run_in_thread
    monkeypatch.setattr(services, "run_in_thread", lambda *a: threads.append(run(*a)) or threads[-1])
    ran.clear()
    with transaction.atomic():
        send_on_commit(record, "kept")
        assert threads == []  # not before the commit
    with pytest.raises(RuntimeError), transaction.atomic():
        send_on_commit(record, "rolled back")
        raise RuntimeError
    [thread] = threads
    thread.join(5)
    assert ran == [("kept", "task tests.outbox.test_development_thread.record")]


def test_the_tests_run_tasks_in_the_request(settings):
    assert settings.CELERY_TASK_IN_THREAD is False
