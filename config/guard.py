"""Refuse to serve or work without a real secret key. A per-process random key would sign
sessions and password-reset links that no other process could read; a short or guessable one
lets anyone forge them (sessions, password-reset links, signed unsubscribe links)."""

from django.conf import settings
from django.core import checks
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

MESSAGE = "Set SECRET_KEY in the environment (or DEBUG=1 for development)."
WEAK_MESSAGE = (
    f"SECRET_KEY is too weak for production: use at least {SECRET_KEY_MIN_LENGTH} random characters, "
    "e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
)
# Words that mark a key copied from an example or a test, not generated for this deployment.
PLACEHOLDER_WORDS = ("insecure", "changeme", "change-me", "change_me", "not-for-production", "example", "secret-key")


def secret_key_problem(key):
    """Why `key` may not sign anything in production, or None when it may."""
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return WEAK_MESSAGE
    lowered = key.lower()
    if key.startswith(SECRET_KEY_INSECURE_PREFIX) or any(word in lowered for word in PLACEHOLDER_WORDS):
        return WEAK_MESSAGE
    return None


def _problem():
    if settings.DEBUG:
        return None
    if not settings.SECRET_KEY_FROM_ENVIRONMENT:
        return MESSAGE
    return secret_key_problem(settings.SECRET_KEY)


def require_secret_key():
    """Called as the web (config/wsgi.py) and Celery (config/celery.py) processes start."""
    problem = _problem()
    if problem:
        raise ImproperlyConfigured(problem)


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key_from_environment(app_configs, **kwargs):
    problem = _problem()
    if problem is None:
        return []
    return [checks.Error(problem, id="portal.E001" if problem == MESSAGE else "portal.E002")]
