"""The portal's URLs plus a bare view: a constant response through the portal's own middleware,
the yardstick of the public-pages benchmark (issue 9: "a bare Django view")."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse(b"Hello, world.", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *portal_urlpatterns]
