"""Refuse to serve or work without a real secret key: a per-process random key would sign
sessions and password-reset links that no other process could read."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MESSAGE = "Set SECRET_KEY in the environment (or DEBUG=1 for development)."


def require_secret_key():
    if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENVIRONMENT:
        raise ImproperlyConfigured(MESSAGE)


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key_from_environment(app_configs, **kwargs):
    if settings.DEBUG or settings.SECRET_KEY_FROM_ENVIRONMENT:
        return []
    return [checks.Error(MESSAGE, id="portal.E001")]
