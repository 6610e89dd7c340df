"""Permission matrix writes for signing in and out and for passwords. Anyone may sign in and ask
for a reset link; only a signed-in user changes their password or signs out. A newcomer (never
signed in) is the account the public forms act on."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.contrib.sessions.models import Session
from django.core import mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .conftest import EVERYONE, SIGNED_IN, Write

PASSWORD = "correct-horse-battery"  # the factories' password
NEW_PASSWORD = "a-new-pass-phrase-for-2026"


def extend_world(world):
    from tests.factories import UserFactory

    world.newcomer = UserFactory(username="newcomer@example.org")


def _passwords(world):
    return list(get_user_model().objects.order_by("pk").values_list("password", flat=True))


def _newcomer(world, field):
    return get_user_model().objects.values_list(field, flat=True).get(pk=world.newcomer.pk)


def _reset_link_opened(world, client):
    """What following the e-mailed link does: the token moves into the session."""
    session = client.session
    session[INTERNAL_RESET_SESSION_TOKEN] = default_token_generator.make_token(world.newcomer)
    session.save()


WRITES = {
    "login": Write(
        None, lambda w: {"username": w.newcomer.username, "password": PASSWORD},
        lambda w: _newcomer(w, "last_login"), EVERYONE,
    ),
    # Signing out ends the session; the public has none, and is simply sent home.
    "logout": Write(None, lambda w: {}, lambda w: Session.objects.count(), SIGNED_IN, refused={"anonymous": 302}),
    "password_change": Write(
        None, lambda w: {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        _passwords, SIGNED_IN,
    ),
    "password_reset": Write(
        None, lambda w: {"email": w.newcomer.email}, lambda w: len(mail.outbox), EVERYONE,
    ),
    "password_reset_confirm": Write(
        lambda w: {"uidb64": urlsafe_base64_encode(force_bytes(w.newcomer.pk)), "token": "set-password"},
        lambda w: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        lambda w: _newcomer(w, "password"), EVERYONE, prepare=_reset_link_opened,
    ),
}
