"""Response headers every page gets: the Content Security Policy, and Cache-Control for pages
that belong to one person."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.cache import has_vary_header, patch_cache_control

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
    """A page whose content depends on who asks is that visitor's alone: no shared cache may keep
    it (private), and the browser asks again before reusing it (no-cache), so that after signing
    out or in nobody is shown an old page. Such a page is one that read the session of a visitor
    who has one (the session middleware then adds Vary: Cookie), or that sets a cookie. Pages that
    are the same for everyone (the anonymous pages, open data) keep their view's own caching.

    Listed before the session middleware, so that it sees the Vary header that middleware adds;
    it reads no session and makes no query itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        if response.cookies or (has_session and has_vary_header(response, "Cookie")):
            if "no-store" in response.get("Cache-Control", ""):
                patch_cache_control(response, private=True)  # never stored: no-cache would add nothing
            else:
                patch_cache_control(response, private=True, no_cache=True)
        return response
