"""Every form in the portal, fuzzed (issue 8: "no 500s, no partial write, each error names its
field"). Nothing here lists the forms: each role walks the demo partnership from the home page
as a browser would, one or two pages per URL name, and every <form> (and htmx-posting element)
found on the way is submitted with hostile values drawn by Hypothesis. So a new form is fuzzed
the day it appears on a page.

For every submission: no 5xx; when the answer is the form again with errors, nothing in the
database changed, and every error is shown to the user on the page (attached to a field of the
form or to the form as a whole)."""

import datetime
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.forms import BaseForm
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import HOSTILE, OUR_APPS, database_state, fuzz_settings

pytestmark = pytest.mark.django_db

ROLES = {
    "anonymous": None,
    "member": "member@example.org",
    "officer": "officer@example.org",
    "staff": "staff@example.org",
}
# Pages visited per URL name: enough to meet each page's forms in more than one state.
PAGES_PER_URL_NAME = 4
# Never submitted: signing out ends the walk; Django's admin is Django's own.
SKIPPED_URL_NAMES = {"logout"}
SKIPPED_PREFIXES = ("/admin/", "/static/")

@dataclass
class FoundForm:
    """A form as a browser would submit it: where, how, and the names it carries."""

    method: str
    action: str
    fields: dict = field(default_factory=dict)  # name -> [choice values seen] ([] for free text)
    files: set = field(default_factory=set)
    multiple: set = field(default_factory=set)  # names a browser may send more than once
    htmx: bool = False  # posted by htmx (hx-post), which says so in a header

    def key(self):
        try:
            name = resolve(urlsplit(self.action).path).url_name
        except Resolver404:
            name = self.action
        # Rows of one kind (m12-status, m13-status...) are one form.
        shape = sorted({re.sub(r"\d+", "#", name) for name in self.fields})
        return (self.method, name, tuple(shape), tuple(sorted(self.files)))


class PageParser(HTMLParser):
    """The links and the forms (and htmx-posting elements) of one page."""

    def __init__(self, url):
        super().__init__(convert_charrefs=True)
        self.url, self.links, self.forms, self.open = url, [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.url, attrs["href"]))
        if "hx-post" in attrs:
            found = FoundForm("post", urljoin(self.url, attrs["hx-post"]), htmx=True)
        elif tag == "form":
            found = FoundForm((attrs.get("method") or "get").lower(), urljoin(self.url, attrs.get("action") or self.url))
        else:
            found = None
        if found is not None:
            self.forms.append(found)
        if found is not None or tag in ("fieldset", "div"):
            self.open.append((tag, found))
        if tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            self._add_field(tag, attrs)
        if tag == "option" and self.select is not None:
            for _, found in self._open_forms():
                found.fields[self.select].append(attrs.get("value", ""))

    select = None

    def _open_forms(self):
        return [(tag, found) for tag, found in self.open if found is not None]

    def _add_field(self, tag, attrs):
        name, kind = attrs["name"], attrs.get("type", "text").lower()
        if name == "csrfmiddlewaretoken":
            return
        for _, found in self._open_forms():
            if kind == "file":
                found.files.add(name)
                continue
            values = found.fields.setdefault(name, [])
            if kind in ("radio", "checkbox", "hidden", "submit") or tag == "button":
                values.append(attrs.get("value", "on"))
            if kind == "checkbox" or "multiple" in attrs:
                found.multiple.add(name)
        self.select = name if tag == "select" else None

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break


def walk(client):
    """The forms met walking the site from "/", at most PAGES_PER_URL_NAME pages per URL name."""
    queue, seen, visits, forms = ["/"], set(), Counter(), {}
    while queue:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or url in seen or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        seen.add(url)
        try:
            name = resolve(parts.path).url_name
        except Resolver404:
            continue
        if name in SKIPPED_URL_NAMES or visits[name] >= PAGES_PER_URL_NAME:
            continue
        visits[name] += 1
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert response.status_code < 500, f"GET {url}: {response.status_code}"
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        parser = PageParser("http://testserver" + parts.path)
        parser.feed(response.content.decode())
        queue.extend(link.split("#")[0] for link in parser.links)
        for found in parser.forms:
            if found is not None:
                forms.setdefault(found.key(), found)
    return visits, [f for f in forms.values() if f.key()[1] not in SKIPPED_URL_NAMES]


def value_for(found, name):
    choices = [value for value in found.fields[name] if value]
    hostile = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30), st.integers().map(str),
                        st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat))
    one = st.one_of(st.sampled_from(choices), hostile) if choices else hostile
    return st.lists(one, min_size=1, max_size=3) if name in found.multiple else one


def submissions(found):
    """Some of the form's fields (a browser sends them all; a script may not), with hostile
    values, and random bytes for each file."""
    values = st.fixed_dictionaries({}, optional={name: value_for(found, name) for name in found.fields})
    uploads = st.fixed_dictionaries({}, optional={
        name: st.tuples(st.sampled_from(["paper.pdf", "figures.csv", "x.docx", "noextension", "../../x.pdf"]),
                        st.binary(max_size=200))
        for name in found.files
    })
    return st.tuples(values, uploads)


def bound_forms_with_errors(response):
    """The forms in the response's template context that were submitted and refused."""
    contexts = response.context if isinstance(response.context, list) else [response.context] if response.context else []
    forms = []
    for context in contexts:
        for value in context.flatten().values():
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, BaseForm) and item.is_bound and item.errors and item not in forms:
                    forms.append(item)
    return forms


WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)', re.IGNORECASE)


class Database:
    """The digest of the portal's tables, taken again only after a request wrote to them."""

    digest = None

    def writes(self, queries):
        tables = (WRITE.match(query["sql"]) for query in queries)
        return [m.group(1) for m in tables if m and m.group(1).startswith(OUR_APPS)]


def check_submission(client, database, found, data, uploads):
    files = {name: SimpleUploadedFile(filename, content) for name, (filename, content) in uploads.items()}
    if database.digest is None:
        database.digest = database_state()
    path = urlsplit(found.action).path
    with CaptureQueriesContext(connection) as queries:
        if found.method == "post":
            response = client.post(path, {**data, **files}, headers={"HX-Request": "true"} if found.htmx else {})
        else:
            response = client.get(path, data)
    where = f"{found.method.upper()} {path} {data!r}"
    assert response.status_code < 500, where
    wrote = database.writes(queries)
    failed = bound_forms_with_errors(response) if found.method == "post" else []
    if failed and wrote:  # written, then rolled back? The tables must be as they were.
        assert database_state() == database.digest, f"{where}: the form had errors, yet {wrote} changed"
    if wrote:
        database.digest = None
    page = " ".join(html.unescape(response.content.decode(errors="replace")).split())
    for form in failed:
        for name, errors in form.errors.items():
            assert name == "__all__" or name in form.fields, f"{where}: error on unknown field {name}"
            for error in errors:
                assert " ".join(str(error).split()) in page, f"{where}: error {error!r} on {name} is not shown"


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize("role", ROLES)
def test_every_form_a_role_meets_survives_hostile_input(demo, client, role):
    if ROLES[role]:
        client.force_login(get_user_model().objects.get(username=ROLES[role]))
    visits, forms = walk(client)
    assert len(visits) > 10 and forms, "the walk found too little to fuzz"
    client.raise_request_exception = True
    database = Database()
    for found in forms:
        @fuzz_settings()
        @given(submissions(found))
        def fuzz(submission):
            check_submission(client, database, found, *submission)  # noqa: B023 (run at once, below)

        fuzz()
