"""The self-assessment, improvement proposal and follow pages (governance/assessment/views.py):
what each role sees and can do, bad input, the PDF, and query counts at two data sizes."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from governance.assessment import proposals
from governance.assessment import services as service
from governance.glossary.services import glossary_terms
from governance.models import Assessment, Criterion, Evidence, ImprovementProposal, Question, Score
from partnerships import services as structure
from tests.factories import MembershipFactory, PersonFactory, StaffUserFactory, UserFactory, make_executive

from .factories import member_with_login, open_round

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def warm_glossary():
    """The pages mark acronyms: the term list is cached across requests (one query when cold),
    so counts below are of the steady state, with this test's terms."""
    cache.clear()
    glossary_terms()
    yield
    cache.clear()


@pytest.fixture
def body():
    return structure.create_body(name="Carlisle Partnership Executive", kind="executive")


@pytest.fixture
def member(body):
    user, _person = member_with_login(body, name="Rachel Armstrong")
    return user


@pytest.fixture
def staff():
    return StaffUserFactory()


def url(name, **kwargs):
    return reverse(f"assessment:{name}", kwargs=kwargs)


def full_answers(value="4"):
    return {f"q{q.pk}": value for q in Question.objects.all()}


# Scoring ----------------------------------------------------------------------------------------


def test_a_member_scores_every_statement_and_sees_the_results(client, body, member):
    round_ = open_round(body, title="Carlisle Partnership self-assessment 2010")
    client.force_login(member)
    form = client.get(url("assessment-score", pk=round_.pk)).content.decode()
    assert "<legend>1. Focus</legend>" in form and "1.2 Clarity of Partners Roles" in form
    assert 'type="radio"' in form and "Don't know" in form
    first = Question.objects.order_by("criterion__number", "position").first()
    response = client.post(url("assessment-score", pk=round_.pk), {**full_answers("4"), f"c{first.pk}": "Clear constitution"})
    assert response.status_code == 302 and response["Location"] == round_.get_absolute_url()
    assert Score.objects.filter(assessment=round_).count() == 15
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "Saved your scores: you have scored 15 of 15 statements." in page
    assert "1 of 1 member (100%)" in page and "“Clear constitution”" in page and "Change your scores" in page


def test_re_scoring_updates_the_members_scores(client, body, member):
    round_ = open_round(body)
    client.force_login(member)
    client.post(url("assessment-score", pk=round_.pk), full_answers("2"))
    client.post(url("assessment-score", pk=round_.pk), {**full_answers("5"), f"q{Question.objects.first().pk}": ""})
    assert Score.objects.count() == 14 and set(Score.objects.values_list("score", flat=True)) == {5}
    form = client.get(url("assessment-score", pk=round_.pk)).content.decode()
    # The form shows the member's scores: 14 fives and one "don't know".
    assert len(re.findall(r'value="5" id="id_q\d+_4" checked', form)) == 14
    assert len(re.findall(r'value="" id="id_q\d+_5" checked', form)) == 1


@pytest.mark.parametrize("posted, message", [
    ({"q{first}": "9"}, "Select a valid choice"),
    ({}, "Score at least one statement"),
])
def test_bad_scores_are_refused_with_a_message_and_nothing_is_saved(client, body, member, posted, message):
    round_ = open_round(body)
    client.force_login(member)
    first = Question.objects.first().pk
    response = client.post(url("assessment-score", pk=round_.pk), {k.format(first=first): v for k, v in posted.items()})
    assert response.status_code == 200 and message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not Score.objects.exists()


def test_someone_who_does_not_sit_on_the_body_cannot_score(client, body):
    round_ = open_round(body)
    for user in (make_executive(UserFactory()), StaffUserFactory()):
        client.force_login(user)
        assert client.get(url("assessment-score", pk=round_.pk)).status_code == 404
        assert client.post(url("assessment-score", pk=round_.pk), full_answers()).status_code == 404
    assert not Score.objects.exists()


def test_a_closed_round_sends_the_member_back_to_the_results(client, body, member):
    round_ = open_round(body)
    service.close_assessment(round_)
    client.force_login(member)
    response = client.post(url("assessment-score", pk=round_.pk), full_answers(), follow=True)
    assert "This self-assessment is closed" in response.content.decode()
    assert not Score.objects.exists()


def test_a_private_bodys_rounds_are_hidden_from_other_members(client):
    private = structure.create_body(name="Funding task group", kind="task_group", public=False)
    round_ = open_round(private)
    other_body = structure.create_body(name="Carlisle Partnership Executive", kind="executive")
    outsider, _ = member_with_login(other_body, name="Someone Else")
    client.force_login(outsider)
    for name, kwargs in (("assessments", {"slug": private.slug}), ("assessment", {"pk": round_.pk}),
                         ("assessment-pdf", {"pk": round_.pk}), ("assessment-score", {"pk": round_.pk})):
        assert client.get(url(name, **kwargs)).status_code == 404, name
    # A public body's rounds are for its readers too: members score candidly.
    assert client.get(url("assessments", slug=structure.create_body(name="Public group", kind="thematic").slug)).status_code == 404


# Staff: opening, evidence, closing ----------------------------------------------------------------


def test_staff_open_a_round_with_a_default_title(client, body, staff):
    client.force_login(staff)
    today = timezone.localdate()
    closes = today + datetime.timedelta(days=30)
    response = client.post(url("assessment-open"), {"body": body.slug, "opened_on": today, "closes_on": closes})
    round_ = Assessment.objects.get()
    assert response["Location"] == round_.get_absolute_url()
    assert round_.title == f"Carlisle Partnership Executive self-assessment {today:%Y}" and round_.created_by == staff
    again = client.post(url("assessment-open"), {"body": body.slug, "opened_on": today})
    assert again.status_code == 200 and "already has an open self-assessment" in again.content.decode()
    backwards = client.post(url("assessment-open"), {"body": body.slug, "opened_on": closes, "closes_on": today})
    assert "closing date is before the opening date" in backwards.content.decode()
    assert Assessment.objects.count() == 1


def test_staff_add_evidence_that_readers_see_under_its_criterion(client, body, member, staff):
    round_ = open_round(body)
    client.force_login(staff)
    membership = Criterion.objects.get(name="Membership")
    response = client.post(url("assessment-evidence", pk=round_.pk), {
        "criterion": membership.pk, "text": "CP continually reviews membership. Current status = 80% complete.",
        "link": "example.org/review",
    })
    assert response.status_code == 302
    assert Evidence.objects.get().link == "https://example.org/review"
    bad = client.post(url("assessment-evidence", pk=round_.pk), {"criterion": "", "text": ""})
    assert bad.status_code == 200 and "This field is required" in bad.content.decode()
    client.force_login(member)
    page = client.get(round_.get_absolute_url()).content.decode()
    assert page.index("80% complete") > page.index('id="criterion-2"')


def test_staff_close_a_round(client, body, staff):
    round_ = open_round(body)
    client.force_login(staff)
    client.post(url("assessment-close", pk=round_.pk))
    round_.refresh_from_db()
    assert round_.status == "closed"
    again = client.post(url("assessment-close", pk=round_.pk), follow=True)
    assert "already closed" in again.content.decode()


# The PDF --------------------------------------------------------------------------------------------


def test_the_pdf_holds_the_results_and_is_never_cached(client, body, member):
    from tests.pdfs import assert_tagged

    people = [PersonFactory() for _ in range(3)]
    for person in people:
        MembershipFactory(person=person, body=body, start=D(2009, 1, 1))
    round_ = open_round(body, title="Carlisle Partnership self-assessment 2009")
    for person, value in zip(people, (2, 3, 4)):
        service.record_scores(assessment=round_, member=person, answers={q.pk: (value, "") for q in Question.objects.all()})
    service.add_evidence(assessment=round_, criterion=Criterion.objects.get(number=7),
                         text="A unique position to contribute to NI185.")
    client.force_login(member)
    response = client.get(url("assessment-pdf", pk=round_.pk))
    assert response["Content-Type"] == "application/pdf" and "no-store" in response["Cache-Control"]
    text = " ".join(page.extract_text() for page in assert_tagged(response.content).pages)
    for expected in ("Carlisle Partnership self-assessment 2009", "Accountability and Transparency",
                     "Leading by Example", "3 of 4 members (75%)", "contribute to NI185", "Clarity of Partners Roles",
                     # Running heads from static/css/assessment-print.css: the stylesheet was applied.
                     "Self-assessment · not for publication", "Page 1 of"):
        assert expected in " ".join(text.split()), expected


# Proposals ------------------------------------------------------------------------------------------


def proposals_of(body, count, start=1):
    focus = Criterion.objects.filter(number__in=[1, 5])
    for number in range(start, start + count):
        proposals.save_proposal(body=body, number=number, text=f"Proposal text {number}", target_group="Conveners",
                              owner=PersonFactory(), criteria=focus)


def test_members_see_their_bodies_proposals_and_partnership_wide_ones(client, body, member):
    private = structure.create_body(name="Funding task group", kind="task_group", public=False)
    proposals_of(body, 1)
    proposals.save_proposal(body=private, number=1, text="Secret group's plan", target_group="Task group")
    proposals.save_proposal(body=None, number=1, text="For the whole partnership", target_group="Everyone")
    client.force_login(member)
    page = client.get(url("proposals")).content.decode()
    assert "Proposal text 1" in page and "For the whole partnership" in page
    assert "Secret group" not in page and "Funding task group" not in page  # not even in the filter
    assert "Add a proposal" not in page


def test_a_proposal_carried_out_by_a_private_body_does_not_name_it(client, body, member, staff):
    """Issue 8: the proposals list printed a private target body to a member who may not see it."""
    private = structure.create_body(name="Funding task group", kind="task_group", public=False)
    proposals.save_proposal(body=None, number=1, text="Review the grants", target_group="Task group", target_body=private)
    proposals.save_proposal(body=body, number=2, text="Streamline the bids", target_group="Task group", target_body=private)
    client.force_login(member)
    page = client.get(url("proposals")).content.decode()
    assert "Review the grants" in page and "Streamline the bids" in page
    assert "Funding task group" not in page and private.get_absolute_url() not in page
    client.force_login(staff)
    assert client.get(url("proposals")).content.decode().count("Funding task group") >= 2


def test_staff_add_edit_and_move_on_proposals(client, body, staff):
    client.force_login(staff)
    focus = Criterion.objects.get(name="Focus")
    response = client.post(url("proposal-add"), {
        "body": body.pk, "number": 4, "text": "A user guide", "target_group": "Partnership Staff",
        "status": "proposed", "criteria": [focus.pk],
    })
    assert response.status_code == 302
    proposal = ImprovementProposal.objects.get()
    assert list(proposal.criteria.all()) == [focus]
    duplicate = client.post(url("proposal-add"), {
        "body": body.pk, "number": 4, "text": "Again", "target_group": "Executive", "status": "proposed",
    })
    assert duplicate.status_code == 200 and "already has a proposal with this number" in duplicate.content.decode()
    client.post(url("proposal-status", pk=proposal.pk), {f"p{proposal.pk}-status": "in_progress", "next": "https://evil.example/"})
    proposal.refresh_from_db()
    assert proposal.status == "in_progress"
    edit = client.post(url("proposal-edit", pk=proposal.pk), {
        "body": body.pk, "number": 4, "text": "A user guide, approved by the Conveners", "target_group": "Partnership Staff",
        "status": "done", "criteria": [],
    })
    assert edit.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "done" and proposal.text.endswith("Conveners") and not proposal.criteria.exists()


def test_a_status_change_redirects_only_within_the_portal(client, body, staff):
    proposals_of(body, 1)
    proposal = ImprovementProposal.objects.get()
    client.force_login(staff)
    response = client.post(url("proposal-status", pk=proposal.pk), {f"p{proposal.pk}-status": "agreed", "next": "//evil.example/"})
    assert response["Location"] == url("proposals")


@pytest.mark.parametrize("next_url", ["foo", "assessment:proposals", "admin", "javascript:alert(1)", "/\\evil.example/",
                                      "https:/evil.example/", "\x00", ""])
def test_a_status_change_with_a_bad_next_saves_and_goes_back_to_the_list(client, body, staff, next_url):
    """`next=foo` used to be looked up as a view name: a 500 page after the change was saved."""
    proposals_of(body, 1)
    proposal = ImprovementProposal.objects.get()
    client.force_login(staff)
    response = client.post(url("proposal-status", pk=proposal.pk), {f"p{proposal.pk}-status": "agreed", "next": next_url})
    assert response.status_code == 302 and response["Location"] == url("proposals")
    proposal.refresh_from_db()
    assert proposal.status == "agreed"


def test_a_status_change_goes_back_to_the_local_page_it_came_from(client, body, staff):
    proposals_of(body, 1)
    proposal = ImprovementProposal.objects.get()
    client.force_login(staff)
    back = f"{url('proposals')}?body={body.slug}#proposal-{proposal.pk}"
    response = client.post(url("proposal-status", pk=proposal.pk), {f"p{proposal.pk}-status": "agreed", "next": back})
    assert response["Location"] == back


# Query counts at two data sizes ---------------------------------------------------------------------


def test_the_proposals_page_costs_the_same_queries_for_5_and_30(client, body, staff, django_assert_num_queries):
    client.force_login(staff)
    proposals_of(body, 5)
    # session, user, executives check; the filter's bodies; proposals (+ their criteria)
    with django_assert_num_queries(6):
        small = client.get(url("proposals"))
    proposals_of(body, 25, start=6)
    with django_assert_num_queries(6):
        large = client.get(url("proposals"))
    assert (len(small.context["proposals"]), len(large.context["proposals"])) == (5, 30)


def test_a_rounds_page_costs_the_same_queries_for_3_and_30_members(client, body, member, django_assert_num_queries):
    round_ = open_round(body)

    def scorers(count):
        for _ in range(count):
            person = PersonFactory()
            MembershipFactory(person=person, body=body, start=D(2009, 1, 1))
            service.record_scores(assessment=round_, member=person, answers={q.pk: (3, "ok") for q in Question.objects.all()})

    proposals_of(body, 2)
    scorers(3)
    client.force_login(member)
    with django_assert_num_queries(15):
        small = client.get(round_.get_absolute_url())
    scorers(27)
    with django_assert_num_queries(15):
        large = client.get(round_.get_absolute_url())
    assert (small.context["results"].respondents, large.context["results"].respondents) == (3, 30)


def test_a_bodys_rounds_cost_the_same_queries_for_2_and_8_rounds(client, body, member, django_assert_num_queries):
    def rounds(years):
        for year in years:
            round_ = open_round(body, title=str(year), opened_on=D(year, 6, 1), closes_on=D(year, 7, 31))
            person = PersonFactory()
            MembershipFactory(person=person, body=body, start=D(2000, 1, 1))
            Score.objects.bulk_create(Score(assessment=round_, question=q, member=person, score=3) for q in Question.objects.all())

    rounds([2009, 2010])
    client.force_login(member)
    with django_assert_num_queries(10):
        small = client.get(url("assessments", slug=body.slug))
    rounds(range(2011, 2017))
    with django_assert_num_queries(10):
        large = client.get(url("assessments", slug=body.slug))
    assert (len(small.context["rounds"]), len(large.context["rounds"])) == (2, 8)


# Following ------------------------------------------------------------------------------------------


def test_the_follow_form_is_prefilled_for_a_signed_in_user(client, body, member):
    client.force_login(member)
    page = client.get(reverse("following:follow", kwargs={"slug": body.slug})).content.decode()
    assert f'value="{member.email}"' in page and "Follow Carlisle Partnership Executive" in page
