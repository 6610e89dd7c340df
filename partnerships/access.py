"""Access rules a view declares. Every view in the portal carries one (a test walks the URL
conf and fails on a view without), and the rule's name is what the permission matrix reports."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from .roles import is_staff


def _mark(view, rule):
    view.access_rule = rule
    return view


def public(view):
    """Anyone, signed in or not; the view scopes what it shows through the policy."""
    return _mark(view, "public")


def signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapper, "signed_in")


def object_policy(view):
    """Signed-in users; the object is fetched through a policy helper that 404s without access."""
    wrapped = signed_in(view)
    return _mark(wrapped, "object_policy")


def staff_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff(request.user):
            raise Http404("Not found.")
        return view(request, *args, **kwargs)

    return _mark(wrapper, "staff_only")
