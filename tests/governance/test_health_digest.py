"""The monthly governance health digest (governance/health/digest.py), its Celery task and beat
entry, and `manage.py health_digest`."""

import time

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from governance.health.digest import send_health_digest
from governance.tasks import send_health_digest_task
from tests.factories import AdminUserFactory, StaffUserFactory, UserFactory, make_executive

from .health_data import ON, body, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    board = body("board", name="Cumbria Leadership Forum")
    seat(board, 25, deputy=False)
    body("task_group", name="Flood Recovery Task Group")
    return board


@pytest.fixture
def staff_users():
    return [StaffUserFactory(username="staff@example.org"), AdminUserFactory(username="admin@example.org")]


def test_each_staff_user_gets_the_counts_and_worst_findings(partnership, staff_users):
    UserFactory(username="member@example.org")
    make_executive(UserFactory(username="executive@example.org"))
    StaffUserFactory(username="left@example.org", is_active=False)
    assert send_health_digest(ON) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@example.org", "staff@example.org"]
    message = mail.outbox[0]
    assert message.subject == "Governance health, June 2010: 1 body with problems, 1 with warnings"
    assert "2 bodies checked: 1 with problems, 1 with warnings only, 0 healthy." in message.body
    assert "Cumbria Leadership Forum" in message.body
    assert "Problem: Larger than the optimum size. 25 seated members against an optimum of 12–15" in message.body
    board_page = "https://portal.example.org" + reverse("partnerships:body", kwargs={"slug": partnership.slug})
    assert f"Fix: Review the seats {board_page}#members" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "https://portal.example.org" + reverse("health:health") in html


def test_no_staff_email_means_no_digest(partnership, caplog):
    StaffUserFactory(username="staff", email="")
    assert send_health_digest(ON) == 0
    assert not mail.outbox and "no recipient" in caplog.text


def test_the_task_sends_the_digest_and_beat_runs_it_monthly(partnership, staff_users):
    assert send_health_digest_task.apply().get() == {"sent": 2}
    assert len(mail.outbox) == 2
    entry = settings.CELERY_BEAT_SCHEDULE["governance-health-digest-monthly"]
    assert entry["task"] == send_health_digest_task.name
    assert entry["schedule"].day_of_month == {1}
    assert send_health_digest_task.acks_late


def test_the_command_sends_now_or_shows_a_dry_run(partnership, staff_users, capsys):
    call_command("health_digest", "--on", "2010-06-30", "--dry-run")
    assert not mail.outbox and "2 bodies: 1 with problems" in capsys.readouterr().out
    call_command("health_digest", "--on", "2010-06-30")
    assert len(mail.outbox) == 2
    with pytest.raises(CommandError, match="not a date"):
        call_command("health_digest", "--on", "June")
    with pytest.raises(CommandError, match="between 1900 and 2999"):
        call_command("health_digest", "--on", "9999-12-31")


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_digest(partnership, staff_users, redis_worker):
    send_health_digest_task.delay()
    deadline = time.monotonic() + 20
    while len(mail.outbox) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@example.org", "staff@example.org"]
