"""Response headers every page gets: the Content Security Policy, and Cache-Control for pages
that belong to one person."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.cache import patch_cache_control

# Documents a browser shows in its own viewer, not as a web page. Chrome's PDF viewer draws the
# PDF inside a page of its own that uses inline styles and an <embed>, which the portal's policy
# (style-src 'self', object-src 'none') would refuse, leaving the PDF blank.
VIEWER_CONTENT_TYPES = ("application/pdf",)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY) on every response but PDFs."""

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith(VIEWER_CONTENT_TYPES):
            response._csp_exempt = True
        return super().process_response(request, response)


class PrivateCacheControlMiddleware:
    """A page for a signed-in user, or one that sets a cookie, is that visitor's alone: no shared
    cache may keep it (private), and the browser asks again before reusing it (no-cache), so
    that a signed-out or changed session never sees an old page. Anonymous pages without a
    cookie keep whatever caching their view chose.

    Listed before the session middleware, so it reads request.user after the session's own
    response handling: deciding here never marks an anonymous page as varying on Cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.cookies or self._signed_in(request):
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def _signed_in(request):
        # No session cookie, no signed-in user: answered without loading any session.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
