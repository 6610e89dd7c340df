from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.shortcuts import render


class EmailBackend(ModelBackend):
    """Log in with an email address (case-insensitive) and password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = kwargs.get("email") or username
        if not email or password is None:
            return None
        user_model = get_user_model()
        users = list(user_model._default_manager.filter(email__iexact=email.strip())[:2])
        if len(users) != 1:
            # Run the hasher anyway so response time does not reveal whether the email exists.
            user_model().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def sign_in_username(request, credentials):
    """The address a sign-in attempt names, as django-axes counts failures: one address however
    it is typed ("Ann@Example.org " and "ann@example.org" are one account here)."""
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return username.strip().lower()


def client_ip(request):
    """The address a request came from. Behind the TLS proxy (BEHIND_TLS_PROXY) REMOTE_ADDR is
    the proxy, which appends the client's address to X-Forwarded-For: the last entry, since the
    earlier ones are whatever the client itself sent."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes answers a paused sign-in with (429 Too Many Requests)."""
    return render(request, "registration/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "username": sign_in_username(request, credentials),
    }, status=429)
