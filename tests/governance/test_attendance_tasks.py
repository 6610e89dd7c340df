"""The attendance review task (governance/tasks.py): on a real Celery worker over real Redis when
CELERY_BROKER_URL is set (as CI sets it), and its retry through Celery's eager `apply`."""

import datetime
import time

import pytest
from celery.signals import task_postrun
from django.conf import settings
from django.core import mail
from django.db import OperationalError

from governance import tasks
from governance.models import MembershipReview
from governance.tasks import review_attendance
from tests.factories import BodyFactory, MembershipFactory
from tests.meetings.factories import AttendanceFactory, HeldMeetingFactory, at


def below_the_rule():
    """Seed 002's Carlisle Executive with a partner who came to none of its last four meetings,
    and a chair to tell."""
    body = BodyFactory(name="Carlisle Partnership Executive")
    chair = MembershipFactory(body=body, role="chair", person__email="chair@example.org")
    absent = MembershipFactory(body=body, person__name="Alan Tinnion")
    for week in range(4):
        meeting = HeldMeetingFactory(body=body, starts_at=at(2010, 1, 7) + datetime.timedelta(days=28 * week))
        AttendanceFactory(meeting=meeting, membership=chair, status="present")
    return body, absent


def wait_for(predicate, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.fixture
def finished_runs():
    """Ids of review_attendance runs the worker finished (retries included)."""
    runs = []

    def count(sender=None, task_id=None, state=None, **kwargs):
        if sender is not None and sender.name == review_attendance.name:
            runs.append(state)

    task_postrun.connect(count, weak=False)
    yield runs
    task_postrun.disconnect(count)


@pytest.mark.django_db(transaction=True)
def test_running_twice_on_a_real_worker_opens_one_review(redis_worker, finished_runs):
    body, absent = below_the_rule()
    review_attendance.delay(body_id=body.pk)
    review_attendance.delay()
    assert wait_for(lambda: len(finished_runs) >= 2), finished_runs
    assert finished_runs == ["SUCCESS", "SUCCESS"]
    assert list(MembershipReview.objects.values_list("membership_id", flat=True)) == [absent.pk]
    assert [m.to for m in mail.outbox] == [["chair@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_a_database_error_is_retried_on_a_real_worker(redis_worker, finished_runs, monkeypatch):
    body, absent = below_the_rule()
    real = tasks.evaluate_all
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(tasks, "evaluate_all", flaky)
    review_attendance.delay(body_id=body.pk)
    assert wait_for(lambda: "SUCCESS" in finished_runs), finished_runs
    assert len(calls) == 2
    assert MembershipReview.objects.get().membership == absent


@pytest.mark.django_db
def test_a_database_error_is_retried_and_then_succeeds(monkeypatch):
    body, absent = below_the_rule()
    real = tasks.evaluate_all
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("deadlock detected")
        return real(**kwargs)

    monkeypatch.setattr(tasks, "evaluate_all", flaky)
    # throw=False: the settings propagate eager exceptions, which would stop the retry at Retry.
    result = review_attendance.apply(kwargs={"body_id": body.pk}, throw=False)
    assert result.get() == {"evaluated": 2, "opened": 1}
    assert calls == [{"body_ids": [body.pk]}, {"body_ids": [body.pk]}]
    assert MembershipReview.objects.get().membership == absent


@pytest.mark.django_db
def test_the_task_run_eagerly_reports_what_it_did():
    below_the_rule()
    result = review_attendance.apply()
    assert result.get() == {"evaluated": 2, "opened": 1}
    assert review_attendance.apply().get() == {"evaluated": 2, "opened": 0}


def test_the_task_acks_late_and_retries_database_errors_with_backoff():
    assert review_attendance.acks_late is True
    assert OperationalError in review_attendance.autoretry_for
    assert review_attendance.retry_backoff is True
    assert review_attendance.max_retries == 5


def test_the_review_also_runs_nightly():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "governance.tasks.review_attendance"]
    assert len(entries) == 1
    assert entries[0]["schedule"].hour == {1}
