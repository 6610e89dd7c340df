"""Sign-in throttling (django-axes) and throttled password-reset e-mails (issue 8 section 5)."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password, ip="203.0.113.7"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def signed_in_as(client):
    return client.get(reverse("accounts:my-account")).wsgi_request.user


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client):
    user = UserFactory(email="ann@example.org", username="ann@example.org")
    for _ in range(30):
        assert sign_in(client, user.email, "wrong-password").status_code in (200, 429)
    response = sign_in(client, user.email, PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Sign-in paused" in text and "15 minutes" in text and "Other people can still sign in" in text
    assert not signed_in_as(client).is_authenticated


def test_the_pause_starts_at_the_failure_limit(client, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, user.email, "wrong").status_code == 200  # the form's own error
    assert sign_in(client, user.email, "wrong").status_code == 429


def test_another_user_is_unaffected(client):
    victim, other = UserFactory(), UserFactory()
    for _ in range(30):
        sign_in(client, victim.email, "wrong")
    response = sign_in(client, other.email, PASSWORD)
    assert response.status_code == 302 and signed_in_as(client) == other


def test_the_same_user_from_elsewhere_is_unaffected(client):
    """Nobody can lock a partner out from their own connection."""
    user = UserFactory()
    for _ in range(30):
        sign_in(client, user.email, "wrong", ip="198.51.100.66")
    assert sign_in(client, user.email, PASSWORD, ip="203.0.113.7").status_code == 302


def test_an_address_however_typed_is_one_account(client, settings):
    user = UserFactory(email="bob@example.org", username="bob@example.org")
    for variant in ["Bob@Example.org", " bob@example.org", "BOB@EXAMPLE.ORG", "bob@example.org", "Bob@example.org"]:
        sign_in(client, variant, "wrong")
    assert sign_in(client, user.email, PASSWORD).status_code == 429


def test_the_pause_ends_after_the_cool_off(client, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.email, "wrong")
    assert sign_in(client, user.email, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1))
    assert sign_in(client, user.email, PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(client, settings):
    admin = UserFactory(is_staff=True, is_superuser=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": admin.email, "password": "wrong"}, REMOTE_ADDR="203.0.113.7")
    response = client.post(reverse("admin:login"), {"username": admin.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429


# Password reset -----------------------------------------------------------------------------------


def ask_reset(client, email, ip="203.0.113.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_reset_emails_to_one_address_are_throttled(client, settings):
    user = UserFactory()
    for _ in range(settings.PASSWORD_RESET_LIMIT_PER_EMAIL):
        assert ask_reset(client, user.email).status_code == 302
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_EMAIL
    response = ask_reset(client, user.email.upper(), ip="198.51.100.1")
    assert response.status_code == 429
    assert "sent several password reset links recently" in response.content.decode()
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_EMAIL
    # Another partner's link still goes.
    other = UserFactory()
    assert ask_reset(client, other.email, ip="198.51.100.1").status_code == 302
    assert mail.outbox[-1].to == [other.email]


def test_an_address_without_an_account_gets_the_same_answer(client, settings):
    for _ in range(settings.PASSWORD_RESET_LIMIT_PER_EMAIL):
        assert ask_reset(client, "nobody@example.org").status_code == 302
    assert ask_reset(client, "nobody@example.org").status_code == 429
    assert mail.outbox == []


def test_reset_asks_from_one_ip_are_throttled(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 4
    users = [UserFactory() for _ in range(5)]
    answers = [ask_reset(client, user.email, ip="192.0.2.9").status_code for user in users]
    assert answers == [302, 302, 302, 302, 429] and len(mail.outbox) == 4
    assert ask_reset(client, users[4].email, ip="192.0.2.10").status_code == 302


def test_choosing_a_new_password_lifts_the_sign_in_pause(client, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.email, "wrong")
    assert sign_in(client, user.email, PASSWORD).status_code == 429
    ask_reset(client, user.email)
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    form_url = client.get(link).url
    response = client.post(form_url, {"new_password1": "a-new-long-pass-phrase", "new_password2": "a-new-long-pass-phrase"})
    assert response.status_code == 302
    assert sign_in(client, user.email, "a-new-long-pass-phrase").status_code == 302
