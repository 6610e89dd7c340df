"""Password reset that cannot be used to flood an inbox: at most PASSWORD_RESET_LIMIT_PER_EMAIL
links to one address and PASSWORD_RESET_LIMIT_PER_IP asks from one IP address per
PASSWORD_RESET_WINDOW. The counters live in the default cache (Redis in production, when
REDIS_CACHE_URL is set, so that every web process shares them). Choosing a new password also
lifts a sign-in pause (django-axes) on that account."""

import hashlib
import logging

from axes.utils import reset as reset_sign_in_failures
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache

from .auth import client_ip

log = logging.getLogger(__name__)

THROTTLED_MESSAGE = (
    "We have sent several password reset links recently. Use the newest email we sent (check your "
    "spam or junk folder), or ask again in an hour."
)


def _key(kind, value):
    # Hashed: the cache never holds an email address in clear.
    return "password-reset:%s:%s" % (kind, hashlib.sha256(value.encode()).hexdigest())


def _counted(key, limit, window_seconds):
    """Count one more ask under `key`; True while the count is within `limit`."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this ask starts a new window
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def may_send_reset(*, email, ip):
    """Record an ask for a reset link to `email` from `ip`; False when either is over its limit."""
    window = int(settings.PASSWORD_RESET_WINDOW.total_seconds())
    try:
        by_ip = _counted(_key("ip", ip or "unknown"), settings.PASSWORD_RESET_LIMIT_PER_IP, window)
        by_email = _counted(_key("email", email.strip().lower()), settings.PASSWORD_RESET_LIMIT_PER_EMAIL, window)
    except Exception:  # the cache (Redis) is down: a partner who forgot a password still gets the link
        log.warning("Password reset throttle unavailable: the cache cannot be reached", exc_info=True)
        return True
    return by_ip and by_email


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, refusing (429, with a message) once an address or IP is over its
    limit. The same answer whether or not the address has an account."""

    def form_valid(self, form):
        if not may_send_reset(email=form.cleaned_data["email"], ip=client_ip(self.request)):
            form.add_error(None, THROTTLED_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        reset_sign_in_failures(username=form.user.email.strip().lower())
        return response
