"""Terms of reference pages (governance/terms/views.py): who sees which versions, drafting and
approving with clear errors that lose no text, and constant query counts."""

import datetime

import pytest
from django.urls import reverse

from governance.models import TermsKind, TermsOfReference, TermsStatus
from partnerships import services
from tests.factories import PersonFactory, StaffUserFactory, UserFactory

from .factories import make_terms

pytestmark = pytest.mark.django_db
D = datetime.date

# Seed 002, Appendix Two: the Conveners' terms of 01/08/06, and the 2009 revisit.
MONTHLY = "To meet monthly."
EXPECTATION = "A commitment to attending all Executive meetings or sending a nominated deputy."


class Carlisle:
    """A public forum with a public Executive and the private Conveners; the Conveners' officer
    manages it and a member reads it."""

    def __init__(self):
        self.forum = services.create_body(name="Carlisle Partnership", kind="forum")
        self.executive = services.create_body(name="Carlisle Partnership Executive", kind="executive", parent=self.forum)
        self.conveners = services.create_body(name="The Conveners", kind="conveners", parent=self.forum, public=False)
        self.officer = UserFactory(username="officer@example.org")
        self.member = UserFactory(username="member@example.org")
        self.outsider = UserFactory(username="outsider@example.org")
        self.staff = StaffUserFactory(username="staff@example.org")
        for user, role in ((self.officer, "officer"), (self.member, "member")):
            person = PersonFactory(user=user)
            services.add_membership(person=person, body=self.conveners, role=role, start=D(2006, 8, 1))


@pytest.fixture
def carlisle():
    return Carlisle()


def url(name, body, **kwargs):
    return reverse(f"terms:{name}", kwargs={"slug": body.slug, **kwargs})


def form_data(**overrides):
    data = {
        "concept": "To fulfil the clearing house function between the priority groups and the Executive.",
        "primary_tasks": "Table items for the Executive\nDelegate actions to priority groups",
        "additional_tasks": "", "membership": "", "quorum": "", "meeting_frequency": MONTHLY,
        "reporting_lines": "", "member_expectations": EXPECTATION, "review_due": "", "change_note": "",
    }
    return {**data, **overrides}


# Reading --------------------------------------------------------------------------------------


def test_the_public_reads_approved_versions_but_not_drafts(client, carlisle):
    make_terms(carlisle.executive, approved_on="2006-08-16", member_expectations=EXPECTATION)
    draft = make_terms(carlisle.executive, concept="A secret redraft.")
    page = client.get(url("terms", carlisle.executive))
    assert page.status_code == 200
    assert EXPECTATION in page.content.decode()
    assert "A secret redraft" not in page.content.decode() and "Draft in progress" not in page.content.decode()
    assert [v.version for v in page.context["versions"]] == [1]
    assert client.get(url("terms-version", carlisle.executive, version=draft.version)).status_code == 404
    diff = client.get(url("terms-diff", carlisle.executive), {"from": 1, "to": 2})
    assert diff.status_code == 200 and diff.context["diffs"] is None
    assert "only one version" in diff.content.decode() and "A secret redraft" not in diff.content.decode()


def test_a_private_bodys_terms_are_for_its_readers(client, carlisle):
    make_terms(carlisle.conveners, approved_on="2006-08-01", meeting_frequency=MONTHLY)
    make_terms(carlisle.conveners, concept="Revisited in 2009.")
    assert client.get(url("terms", carlisle.conveners)).status_code == 404
    client.force_login(carlisle.outsider)
    assert client.get(url("terms", carlisle.conveners)).status_code == 404
    client.force_login(carlisle.member)
    page = client.get(url("terms", carlisle.conveners))
    assert page.status_code == 200 and "Draft in progress" in page.content.decode()
    assert client.get(url("terms-version", carlisle.conveners, version=2)).status_code == 200
    assert "Edit the draft" not in page.content.decode()  # reading is not managing


def test_the_root_bodys_constitution_is_called_a_constitution(client, carlisle):
    make_terms(carlisle.forum, kind=TermsKind.CONSTITUTION, approved_on="2009-11-05")
    page = client.get(url("terms", carlisle.forum)).content.decode()
    assert "<h1>Constitution</h1>" in page and "Constitution in force" in page
    body_page = client.get(carlisle.forum.get_absolute_url()).content.decode()
    assert f'href="{url("terms", carlisle.forum)}">Constitution</a>' in body_page


def test_an_overdue_review_is_flagged_on_the_terms_and_the_body_page(client, carlisle):
    make_terms(carlisle.executive, approved_on="2006-08-16", review_due=D(2007, 8, 16))
    terms = client.get(url("terms", carlisle.executive)).content.decode()
    assert "Review overdue" in terms and "16 August 2007" in terms
    assert "Review overdue" in client.get(carlisle.executive.get_absolute_url()).content.decode()
    make_terms(carlisle.executive, approved_on="2009-11-17", review_due=D(2099, 1, 1))
    assert "Review overdue" not in client.get(url("terms", carlisle.executive)).content.decode()
    assert "Review overdue" not in client.get(carlisle.executive.get_absolute_url()).content.decode()


def test_the_diff_page_shows_insertions_and_deletions_with_words_for_screen_readers(client, carlisle):
    make_terms(carlisle.executive, approved_on="2006-08-01", meeting_frequency=MONTHLY)
    make_terms(carlisle.executive, approved_on="2009-11-17", meeting_frequency="To meet every two months.")
    page = client.get(url("terms-diff", carlisle.executive), {"from": 1, "to": 2}).content.decode()
    assert '<del><span class="visually-hidden">removed: </span>monthly.</del>' in page
    assert '<ins><span class="visually-hidden">added: </span>every two months.</ins>' in page
    assert 'href="#diff-meeting_frequency">Meeting frequency</a>' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "x", "to": "2"}, "Choose one of this body"),
        ({"from": "1", "to": "99"}, "Choose one of this body"),
        ({"from": "1", "to": "1"}, "same version"),
        ({"from": "1"}, "Choose a version"),
    ],
)
def test_a_malformed_comparison_gets_a_message_not_an_error(client, carlisle, query, message):
    make_terms(carlisle.executive, approved_on="2006-08-01")
    make_terms(carlisle.executive, approved_on="2009-11-17")
    page = client.get(url("terms-diff", carlisle.executive), query)
    assert page.status_code == 200 and page.context["diffs"] is None
    assert message in page.content.decode()


# Drafting -------------------------------------------------------------------------------------


def test_an_officer_starts_edits_and_approves_a_draft(client, carlisle):
    v1 = make_terms(carlisle.conveners, approved_on="2006-08-01", meeting_frequency=MONTHLY)
    client.force_login(carlisle.officer)
    response = client.post(url("terms-new", carlisle.conveners))
    assert response.status_code == 302 and response.url == url("terms-edit", carlisle.conveners, version=2)
    edit = client.get(response.url)
    assert edit.context["form"]["meeting_frequency"].value() == MONTHLY  # copied from the version in force

    saved = client.post(response.url, form_data(meeting_frequency="To meet every two months."))
    assert saved.status_code == 302
    draft = TermsOfReference.objects.get(body=carlisle.conveners, version=2)
    assert draft.meeting_frequency == "To meet every two months." and draft.created_by == carlisle.officer

    approved = client.post(url("terms-approve", carlisle.conveners, version=2),
                           {"approved_on": "2009-11-17", "approved_by_body": carlisle.conveners.slug, "review_due": "2099-11-17"})
    assert approved.status_code == 302 and approved.url == draft.get_absolute_url()
    draft.refresh_from_db()
    v1.refresh_from_db()
    assert (draft.status, draft.approved_on, draft.approved_by_body) == (TermsStatus.APPROVED, D(2009, 11, 17), carlisle.conveners)
    assert v1.status == TermsStatus.SUPERSEDED


def test_starting_a_second_draft_leads_to_the_first(client, carlisle):
    draft = make_terms(carlisle.conveners)
    client.force_login(carlisle.officer)
    response = client.post(url("terms-new", carlisle.conveners), follow=True)
    assert response.redirect_chain[-1][0] == url("terms-edit", carlisle.conveners, version=draft.version)
    assert "already has a draft (version 1)" in response.content.decode()
    assert carlisle.conveners.terms_of_reference.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"concept": "   "}, "concept", "Give the concept"),
        ({"review_due": "2010-02-30"}, "review_due", "real date"),
        ({"review_due": "2007-08-16"}, "review_due", "in the past"),
        ({"primary_tasks": "Table items\x00"}, "primary_tasks", "Null characters are not allowed"),
        ({"quorum": "x" * 20_001}, "quorum", "at most 20000 characters"),
        ({"kind": "constitution"}, None, None),  # not offered below the root: ignored
    ],
)
def test_a_malformed_edit_is_refused_and_keeps_the_text(client, carlisle, overrides, field, message):
    draft = make_terms(carlisle.conveners, meeting_frequency=MONTHLY)
    client.force_login(carlisle.officer)
    data = form_data(**overrides, additional_tasks="A task typed before the mistake")
    response = client.post(url("terms-edit", carlisle.conveners, version=draft.version), data)
    draft.refresh_from_db()
    if field is None:
        assert response.status_code == 302 and draft.kind == TermsKind.TERMS
        return
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    page = response.content.decode()
    assert "There is a problem" in page and "A task typed before the mistake" in page
    assert draft.additional_tasks == "" and draft.meeting_frequency == MONTHLY  # nothing saved


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "approved_on", "Give the date the version was approved"),
        ({"approved_on": "16/08/2006x"}, "approved_on", "real date"),
        ({"approved_on": "2999-01-01"}, "approved_on", "in the future"),
        ({"approved_on": "2006-08-16", "review_due": "2007-08-16"}, "review_due", "in the past"),
        ({"approved_on": "2006-07-01"}, "approved_on", "cannot be approved before it"),
    ],
)
def test_a_malformed_approval_is_refused_with_a_message(client, carlisle, data, field, message):
    make_terms(carlisle.conveners, approved_on="2006-08-01")
    draft = make_terms(carlisle.conveners, concept="Revisited.")
    client.force_login(carlisle.officer)
    response = client.post(url("terms-approve", carlisle.conveners, version=draft.version), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["approve_form"].errors[field])
    assert response.context["form"]["concept"].value() == "Revisited."  # the draft is still there to edit
    draft.refresh_from_db()
    assert draft.status == TermsStatus.DRAFT


def test_editing_an_approved_version_is_a_conflict_that_loses_nothing(client, carlisle):
    v1 = make_terms(carlisle.conveners, approved_on="2006-08-01", meeting_frequency=MONTHLY)
    client.force_login(carlisle.officer)
    assert client.get(url("terms-edit", carlisle.conveners, version=1)).status_code == 409
    typed = form_data(meeting_frequency="To meet every two months.")
    response = client.post(url("terms-edit", carlisle.conveners, version=1), typed)
    assert response.status_code == 409
    page = response.content.decode()
    assert "can no longer be changed" in page and "was approved on 1 August 2006" in page
    assert "To meet every two months." in page and f'action="{url("terms-new", carlisle.conveners)}"' in page
    v1.refresh_from_db()
    assert v1.meeting_frequency == MONTHLY
    assert client.post(url("terms-approve", carlisle.conveners, version=1), {"approved_on": "2006-08-02"}).status_code == 409

    # The locked page's form saves the typed text as a new draft.
    saved = client.post(url("terms-new", carlisle.conveners), {**typed, "from": "1"})
    assert saved.status_code == 302
    assert TermsOfReference.objects.get(body=carlisle.conveners, version=2).meeting_frequency == "To meet every two months."


def test_only_managers_draft_and_approve(client, carlisle):
    draft = make_terms(carlisle.conveners)
    edit = url("terms-edit", carlisle.conveners, version=draft.version)
    assert client.get(edit).status_code == 302  # to sign in
    client.force_login(carlisle.member)
    assert client.get(edit).status_code == 404
    assert client.post(edit, form_data()).status_code == 404
    assert client.post(url("terms-approve", carlisle.conveners, version=1), {"approved_on": "2006-08-01"}).status_code == 404
    assert client.post(url("terms-new", carlisle.executive)).status_code == 404
    draft.refresh_from_db()
    assert draft.status == TermsStatus.DRAFT and draft.concept != form_data()["concept"]
    client.force_login(carlisle.staff)
    assert client.get(edit).status_code == 200


# Query counts ---------------------------------------------------------------------------------


def _versions_up_to(body, count):
    """Approved versions up to `count`, each with one more primary task than the last."""
    for i in range(body.terms_of_reference.count(), count):
        make_terms(body, approved_on=D(2000, 1, 1) + datetime.timedelta(days=i), review_due=D(2007, 1, 1),
                   primary_tasks="\n".join(f"Task {n}" for n in range(i + 1)))


# Per page: the body; its versions with approving body and meeting. A signed-in member adds the
# session, the user and the Executives-group check (the header), the bodies whose private
# material they read, and (terms and version pages) the bodies they manage.
QUERIES = {
    "anonymous": {"terms": 2, "version": 2, "diff": 2},
    "member": {"terms": 7, "version": 7, "diff": 6},
}


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_terms_pages_cost_the_same_queries_with_2_and_12_versions(client, carlisle, role, django_assert_num_queries):
    body = carlisle.executive
    if role == "member":
        client.force_login(carlisle.member)
    pages = {
        "terms": url("terms", body), "version": url("terms-version", body, version=2),
        "diff": url("terms-diff", body) + "?from=1&to=2",
    }
    for versions in (2, 12):
        _versions_up_to(body, versions)
        for name, page in pages.items():
            with django_assert_num_queries(QUERIES[role][name]):
                response = client.get(page)
            assert response.status_code == 200
        assert len(response.context["versions"]) == versions
