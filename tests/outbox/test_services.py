"""The task outbox: a task queued by a write is sent once the write commits, never if it rolls
back, and waits for the broker when the broker cannot take it (tests/faults/test_redis.py stops
a real Redis)."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from governance.tasks import review_attendance
from outbox.models import QueuedTask
from outbox.services import send_on_commit, send_queued
from outbox.tasks import send_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True)

REVIEW = "governance.tasks.review_attendance"


def test_a_task_is_sent_when_its_transaction_commits_and_then_forgotten(broker):
    with transaction.atomic():
        send_on_commit(review_attendance, body_id=7)
        assert broker.sent == [] and QueuedTask.objects.count() == 1
    assert broker.sent == [(REVIEW, [], {"body_id": 7})]
    assert not QueuedTask.objects.exists()


def test_a_task_queued_by_a_write_that_rolled_back_is_never_sent(broker):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_on_commit(review_attendance, body_id=7)
        raise RuntimeError("the write failed")
    assert broker.sent == [] and not QueuedTask.objects.exists()


def test_with_the_broker_down_the_write_succeeds_and_the_task_waits(broker):
    broker.down = True
    with transaction.atomic():
        send_on_commit(review_attendance, body_id=7)
    queued = QueuedTask.objects.get()
    assert (queued.task, queued.kwargs, queued.attempts) == (REVIEW, {"body_id": 7}, 1)
    assert "Connection refused" in queued.last_error


def test_the_relay_sends_what_waited_once_the_broker_is_back_oldest_first(broker):
    broker.down = True
    for body_id in (1, 2):
        send_on_commit(review_attendance, body_id=body_id)
    later = timezone.now() + datetime.timedelta(minutes=1)
    assert send_queued(now=later) == (0, 2)  # still down: both wait, nothing lost

    broker.down = False
    assert send_queued(now=timezone.now()) == (0, 2)  # too young: left to the commit that queued them
    assert send_queued(now=later) == (2, 0)
    assert broker.sent == [(REVIEW, [], {"body_id": 1}), (REVIEW, [], {"body_id": 2})]


def test_the_beat_task_relays(broker):
    broker.down = True
    send_on_commit(review_attendance, body_id=3)
    QueuedTask.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    broker.down = False
    assert send_queued_tasks() == {"sent": 1, "waiting": 0}
    assert broker.sent == [(REVIEW, [], {"body_id": 3})]


def test_without_a_broker_the_task_runs_in_process_on_commit(monkeypatch):
    monkeypatch.setitem(review_attendance.app.conf, "task_always_eager", True)
    ran = []
    monkeypatch.setattr(review_attendance, "delay", lambda **kwargs: ran.append(kwargs))
    with transaction.atomic():
        send_on_commit(review_attendance, body_id=7)
        assert ran == []
    assert ran == [{"body_id": 7}] and not QueuedTask.objects.exists()
