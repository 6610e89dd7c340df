"""Every link a role is shown leads somewhere it may go (issue 11: "about 35 links lead members
to 'Page not found'"). Each role walks the demo partnership breadth-first from the home page
and My account, as a browser would, and every internal link on every page it reaches must
answer 200, or redirect (once) to a page that answers 200, or be a download. A link to a page
the role may not open is a link the page should not have shown.

Bounded: at most PAGES_PER_ROLE pages per role and PAGES_PER_URL_NAME per URL name (the 31
bodies' pages are alike: a few of each show whether their links hold), and PDFs, which take a
second each to render, are not fetched."""

import datetime
import time
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from tests.module_data import rolled_back_after_the_module

ROLES = {
    "anonymous": None,
    "member": "member@example.org",
    "officer": "officer@example.org",
    "executive": "executive@example.org",
    "staff": "staff@example.org",
    "admin": "admin@example.org",
    "outsider": "outsider@example.org",
}
PAGES_PER_ROLE = 250
PAGES_PER_URL_NAME = 10
SECONDS_PER_ROLE = 8
# Not followed: Django's own admin, signing out (it ends the walk), and the static files.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")
SKIPPED_URL_NAMES = {"logout"}
DOWNLOAD_TYPES = (
    "application/pdf", "text/calendar", "text/csv", "application/rss+xml", "application/atom+xml",
    "application/json", "application/ld+json", "image/svg+xml", "application/vnd.openxmlformats",
    "application/vnd.oasis", "application/msword", "text/plain", "application/zip", "application/xml",
)


class LinkParser(HTMLParser):
    def __init__(self, url):
        super().__init__(convert_charrefs=True)
        self.url, self.links = url, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        href = attrs.get("href")
        if tag == "a" and href and not href.startswith(("mailto:", "tel:", "javascript:")) and "download" not in attrs:
            self.links.append(urljoin(self.url, href).split("#")[0])


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo partnership, loaded once for the module inside a transaction rolled back at
    its end, with an outsider: signed in, the officer of a body the demo's users do not sit on."""
    from partnerships import services
    from partnerships.models import Body
    from tests.factories import PersonFactory, UserFactory

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")), rolled_back_after_the_module(django_db_blocker):
        call_command("load_demo", verbosity=0)
        demo_users = get_user_model().objects.filter(username__in=[u for u in ROLES.values() if u])
        body = Body.objects.exclude(memberships__person__user__in=demo_users).filter(dissolved__isnull=True).first()
        outsider = UserFactory(username="outsider@example.org")
        person = PersonFactory(name="Olive Outsider", user=outsider)
        services.add_membership(person=person, body=body, role="officer", start=datetime.date(2009, 1, 1))
        yield


def _fetch(client, url):
    parts = urlsplit(url)
    return client.get(parts.path + (f"?{parts.query}" if parts.query else ""))


def _url_name(path):
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


def crawl(client):
    """Breadth-first from the home page and My account: {link: (status, found on)} for every
    link that failed, and how many pages were read."""
    queue = [("/", "start"), ("/accounts/", "start")]
    seen, per_name, broken, pages = set(), Counter(), {}, 0
    started = time.monotonic()
    while queue and pages < PAGES_PER_ROLE and time.monotonic() - started < SECONDS_PER_ROLE:
        url, found_on = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or url in seen or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        seen.add(url)
        name = _url_name(parts.path)
        if name is None:
            broken[url] = (404, found_on)
            continue
        if name in SKIPPED_URL_NAMES or parts.path.endswith(".pdf") or per_name[name] >= PAGES_PER_URL_NAME:
            continue
        per_name[name] += 1
        pages += 1
        response = _fetch(client, url)
        if response.status_code in (301, 302):
            target = urljoin("http://testserver" + parts.path, response["Location"])
            response = _fetch(client, target)
            url = target
        if response.status_code != 200:
            broken[url] = (response.status_code, found_on)
            continue
        content_type = response["Content-Type"].split(";")[0]
        if content_type != "text/html":
            assert content_type.startswith(DOWNLOAD_TYPES), f"{url} (on {found_on}) answered {content_type}"
            if response.streaming:
                # Read to the end, as a browser would: the test client then closes the response
                # (its file too) with Django's close_old_connections held off. Closing it here
                # instead would send request_finished again, closing the database connection
                # under the module's transaction (on PostgreSQL; SQLite's in-memory one stays).
                b"".join(response.streaming_content)
            continue
        parser = LinkParser("http://testserver" + urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else ""))
        parser.feed(response.content.decode())
        queue.extend((link, parts.path) for link in parser.links)
    return broken, pages


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_link_a_role_is_shown_answers(demo, role):
    client = Client()
    if ROLES[role]:
        client.force_login(get_user_model().objects.get(username=ROLES[role]))
    broken, pages = crawl(client)
    assert pages > 20, f"{role} reached only {pages} pages"
    report = "\n".join(f"  {status} {url} (linked from {found_on})" for url, (status, found_on) in sorted(broken.items()))
    assert not broken, f"{role} is shown {len(broken)} links that do not answer:\n{report}"
