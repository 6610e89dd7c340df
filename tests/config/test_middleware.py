"""config/middleware.py: the Content Security Policy on every response, and Cache-Control for
pages that belong to one visitor."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from config.middleware import ContentSecurityPolicyMiddleware, PrivateCacheControlMiddleware
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/", "/structure/", "/meetings/", "/performance/", "/accounts/login/",
                                 "/data/popolo.json", "/meetings.ics", "/no-such-page/"])
def test_every_response_carries_a_strict_policy(client, url):
    policy = directives(client.get(url))
    assert policy["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert policy[directive] == ["'self'"], directive
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]


def test_signed_in_pages_carry_the_policy_too(client):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:my-account"))
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def run_middleware(middleware_class, response, request=None):
    request = request or RequestFactory().get("/")
    return middleware_class(lambda request: response)(request)


def test_pdfs_have_no_policy_for_the_browsers_viewer():
    pdf = run_middleware(ContentSecurityPolicyMiddleware, HttpResponse(b"%PDF-1.7", content_type="application/pdf"))
    assert "Content-Security-Policy" not in pdf
    page = run_middleware(ContentSecurityPolicyMiddleware, HttpResponse(b"<p>", content_type="text/html"))
    assert "Content-Security-Policy" in page


# Cache-Control ----------------------------------------------------------------------------------


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("url", ["/", "/structure/", "/meetings/", "/accounts/"])
def test_signed_in_pages_are_private(client, url):
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert {"private", "no-cache"} <= cache_control(response) and "public" not in cache_control(response)


def test_anonymous_public_pages_keep_their_own_caching(client):
    response = client.get("/data/popolo.json")
    assert not response.cookies and "private" not in cache_control(response)


def test_a_response_that_sets_a_cookie_is_private(client):
    response = client.get(reverse("login"))  # sets the CSRF cookie
    assert response.cookies and "private" in cache_control(response)


def test_a_signed_in_visitor_on_a_page_for_everyone_keeps_its_caching(client):
    """Open data reads no session: it is the same for everyone (and deciding costs no query:
    tests/partnerships/test_query_counts.py counts the signed-in visitor's queries)."""
    client.force_login(UserFactory())
    response = client.get("/data/popolo.json")
    assert "private" not in cache_control(response)


def test_an_anonymous_page_that_reads_the_session_is_not_private():
    """Without a session cookie every anonymous visitor gets the same page."""
    response = HttpResponse("page")
    response["Vary"] = "Cookie"
    response = run_middleware(PrivateCacheControlMiddleware, response)
    assert "Cache-Control" not in response


def test_a_view_that_forbids_storing_keeps_no_store():
    """Private pages that already say no-store (PDFs of private material) keep it."""
    request = RequestFactory().get("/", HTTP_COOKIE="sessionid=x")
    original = HttpResponse("pdf")
    original["Cache-Control"] = "no-store"
    original["Vary"] = "Cookie"
    response = run_middleware(PrivateCacheControlMiddleware, original, request)
    assert cache_control(response) == {"no-store", "private"}
