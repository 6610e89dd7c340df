"""The nightly permission sync on a real Celery worker over real Redis (as CI configures)."""

import datetime
import time

import pytest

from config.celery import app
from governance.tasks import sync_all_body_permissions
from partnerships import services
from partnerships.policy import body_policy

from .conftest import World


@pytest.mark.django_db(transaction=True)
def test_revocation_runs_on_a_real_worker(redis_worker):
    world = World()
    member = world.users["member"]
    services.end_membership(world.membership, on=datetime.date(2010, 12, 31))
    sync_all_body_permissions.delay()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        member = type(member).objects.get(pk=member.pk)
        if not body_policy.can_view(member, world.private_body):
            break
        time.sleep(0.2)
    assert not body_policy.can_view(member, world.private_body)


def test_task_settings_follow_celerys_advice_for_long_jobs():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_soft_time_limit < conf.task_time_limit
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
    assert conf.worker_max_tasks_per_child
