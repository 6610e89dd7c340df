"""Public pages speak to the public (issue 11): no page, feed, form or email names the team's
copies of the source documents ("seed 000" to "seed 004"); what people read cites each document
by its published name (partnerships/sources.py). Code comments, docstrings and docs/ keep the
numbers.

On the demo partnership, loaded once for the module, every page a visitor reaches is read as
the visitor, the staff and admin pages that show the model help texts and the stored norms as
staff, and the governance health digest as it is emailed."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.module_data import rolled_back_after_the_module

SEED_REFERENCE = re.compile(r"\bseeds? ?\d{3}", re.I)
OFFICER = "officer@example.org"  # the officer of the Carlisle Partnership Executive
STAFF = "staff@example.org"
ADMIN = "admin@example.org"
OFFICERS_BODY = "Carlisle Partnership Executive"


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo partnership, inside a transaction rolled back at the module's end; each test's
    own transaction nests in it as a savepoint."""
    from governance.glossary.services import ensure_glossary
    from governance.health.models import create_default_standards

    with rolled_back_after_the_module(django_db_blocker):
        # A transactional test elsewhere may have flushed what the data migrations wrote.
        ensure_glossary()
        create_default_standards()
        call_command("load_demo", stdout=io.StringIO())
        yield


@pytest.fixture
def demo(demo_once, db):
    return demo_once


def seed_references(text):
    return sorted({match.group(0) for match in SEED_REFERENCE.finditer(text)})


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def assert_cites_by_name(client, urls):
    found = {url: refs for url in urls if (refs := seed_references(read(client, url)))}
    assert not found, "pages that name the seed files: " + "; ".join(f"{u}: {r}" for u, r in found.items())


def signed_in(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _body(name):
    from partnerships.models import Body

    return Body.objects.get(name=name)


def visitor_urls():
    """Every kind of page a visitor reaches, one of each, named from the URL confs."""
    from meetings import selectors as meetings
    from partnerships.models import Body, Organisation
    from performance.models import Indicator

    public_body = _body(OFFICERS_BODY)
    assert public_body.public
    meeting = meetings.public_calendar().filter(agenda_published_at__isnull=False).first()
    minutes = meetings.published_minutes(AnonymousUser()).first()
    # The bodies whose terms of reference carry a change note (the demo's cite their source).
    noted = Body.objects.filter(public=True).exclude(terms_of_reference__change_note="").distinct().order_by("name")
    organisation = Organisation.objects.order_by("name").first()
    assert meeting and minutes and noted and organisation, "the demo has lost what this test reads"
    return [
        reverse("partnerships:home"),
        reverse("partnerships:structure"),
        reverse("partnerships:body", kwargs={"slug": public_body.slug}),
        reverse("partnerships:organisations"),
        reverse("partnerships:organisation", kwargs={"slug": organisation.slug}),
        reverse("partnerships:popolo"),
        reverse("meetings:calendar"),
        reverse("meetings:ical"),
        reverse("meetings:body-meetings", kwargs={"slug": public_body.slug}),
        reverse("meetings:body-ical", kwargs={"slug": public_body.slug}),
        reverse("meetings:meeting", kwargs={"pk": meeting.pk}),
        reverse("meetings:minutes-list"),
        reverse("meetings:minutes", kwargs={"pk": minutes.meeting_id}),
        reverse("meetings:search") + "?q=housing",
        reverse("meetings:minutes-feed"),
        reverse("meetings:minutes-atom"),
        reverse("meetings:decisions"),
        reverse("performance:dashboard"),
        reverse("performance:indicator", kwargs={"code": Indicator.objects.order_by("code").first().code}),
        reverse("glossary:glossary"),
        reverse("guide:guide"),
        *(reverse("terms:terms", kwargs={"slug": body.slug}) for body in noted),
    ]


@pytest.mark.django_db
def test_no_page_a_visitor_reaches_names_a_seed_file(demo):
    assert_cites_by_name(Client(), visitor_urls())


@pytest.mark.django_db
def test_the_glossary_cites_each_term_by_the_document_it_comes_from(demo, client):
    page = read(client, reverse("glossary:glossary"))
    assert "Source: Carlisle Partnership improvement paper (2009), section 1.2" in page
    assert "Source: “When the talking has to stop” (Horsham District Community Partnership, 2009)" in page


@pytest.mark.django_db
def test_the_officers_forms_show_help_that_cites_documents_by_name(demo):
    body = _body(OFFICERS_BODY)
    membership = body.memberships.first()
    client = signed_in(OFFICER)
    page = read(client, reverse("partnerships:membership-add", kwargs={"slug": body.slug}))
    assert "asks for a designated deputy for every representative" in page
    assert_cites_by_name(client, [
        reverse("partnerships:membership-add", kwargs={"slug": body.slug}),
        reverse("partnerships:membership-edit", kwargs={"slug": body.slug, "pk": membership.pk}),
        reverse("meetings:meeting-add", kwargs={"slug": body.slug}),
        reverse("terms:terms", kwargs={"slug": body.slug}),
    ])


@pytest.mark.django_db
def test_the_governance_health_pages_cite_their_norms_by_name(demo):
    from governance.health.models import KindStandard

    body = _body(OFFICERS_BODY)
    client = signed_in(STAFF)
    page = read(client, reverse("health:body-health", kwargs={"slug": body.slug}))
    assert "“When the talking has to stop” (Horsham District Community Partnership, 2009)" in page
    assert_cites_by_name(client, [
        reverse("health:health"),
        reverse("health:body-health", kwargs={"slug": body.slug}),
        *(reverse("health:body-health", kwargs={"slug": b.slug}) for b in _one_body_per_kind()),
    ])
    assert not [s.kind for s in KindStandard.objects.all() if seed_references(s.source)]


def _one_body_per_kind():
    from partnerships.models import Body

    first = {}
    for body in Body.objects.filter(dissolved__isnull=True).order_by("name"):
        first.setdefault(body.kind, body)
    return first.values()


@pytest.mark.django_db
def test_the_admin_forms_show_help_that_cites_documents_by_name(demo):
    from governance.glossary.models import GlossaryTerm
    from governance.health.models import KindStandard
    from meetings.models import Meeting
    from performance.models import CommunityStrategy

    body = _body(OFFICERS_BODY)
    assert_cites_by_name(signed_in(ADMIN), [
        reverse("admin:governance_kindstandard_change", args=[KindStandard.objects.get(kind=body.kind).pk]),
        reverse("admin:governance_glossaryterm_change", args=[GlossaryTerm.objects.get(term="LSP").pk]),
        reverse("admin:governance_glossaryterm_changelist"),
        reverse("admin:partnerships_membership_add"),
        reverse("admin:meetings_meeting_change", args=[Meeting.objects.filter(body=body).first().pk]),
        reverse("admin:performance_communitystrategy_change", args=[CommunityStrategy.objects.first().pk]),
    ])


@pytest.mark.django_db
def test_the_health_digest_email_cites_its_norms_by_name(demo):
    from governance.health.digest import send_health_digest

    assert send_health_digest() >= 1
    message = mail.outbox[0]
    html = next(content for content, kind in message.alternatives if kind == "text/html")
    for text in (message.subject, message.body, html):
        assert not seed_references(text)
    for text in (message.body, html):
        assert "When the talking has to stop" in text and "(Horsham District Community Partnership, 2009)" in text


def test_every_glossary_source_fits_its_field_and_names_no_seed_file():
    from governance.glossary.models import GlossaryTerm
    from governance.glossary.services import SEED_TERMS

    longest = GlossaryTerm._meta.get_field("source").max_length
    assert all(len(source) <= longest for *_, source in SEED_TERMS)
    assert not [term for term, *_, source in SEED_TERMS if seed_references(source)]


def test_the_check_catches_each_way_a_seed_file_was_named():
    for named in ("Seed 004: a conference", "(seed 002)", "Seeds 001 and 002", "seed004", "SEED 000"):
        assert seed_references(named), named
    for cited in ("NI185", "2009), proposal 4", "seeded 2009", "the seeds set"):
        assert not seed_references(cited), cited
