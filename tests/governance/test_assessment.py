"""Self-assessment against seed 002's evaluation framework (governance/assessment/services.py) and its
access rules (governance/assessment/policy.py, assessment_policy)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance.assessment import proposals
from governance.assessment import services as service
from governance.assessment.policy import assessment_policy
from governance.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    ImprovementProposal,
    ProposalStatus,
    Question,
    Score,
)
from partnerships import services as structure
from tests.factories import MembershipFactory, PersonFactory, StaffUserFactory, UserFactory, make_executive

from .factories import member_with_login, open_round

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def executive_body():
    return structure.create_body(name="Carlisle Partnership Executive", kind="executive")


def questions():
    return list(Question.objects.select_related("criterion").order_by("criterion__number", "position"))


def all_answers(score, comment=""):
    return {q.pk: (score, comment) for q in questions()}


# The framework ---------------------------------------------------------------------------------


def test_the_framework_is_seed_002s_seven_criteria_with_their_sub_headings():
    service.ensure_framework()
    names = list(Criterion.objects.order_by("number").values_list("name", flat=True))
    assert names == [
        "Focus", "Membership", "Efficiency and Effectiveness", "Accountability and Transparency",
        "Learning and Sharing", "Evaluation and Monitoring", "Leading by Example",
    ]
    focus = Criterion.objects.get(name="Focus").questions.order_by("position")
    assert [q.heading for q in focus] == [
        "Clarity of Purpose", "Clarity of Partners Roles", "Adding Value in Meeting Communities Needs",
    ]
    assert Question.objects.filter(criterion__name="Accountability and Transparency").count() == 3
    assert Question.objects.count() == 15


def test_seeding_the_framework_again_changes_nothing(django_assert_num_queries):
    service.ensure_framework()
    before = list(Question.objects.values_list("pk", "heading", "text"))
    with django_assert_num_queries(2):  # criteria, questions: nothing to write
        service.ensure_framework()
    assert list(Question.objects.values_list("pk", "heading", "text")) == before


# Opening and closing rounds ---------------------------------------------------------------------


def test_a_body_has_one_open_round_at_a_time(executive_body):
    open_round(executive_body, title="2009")
    with pytest.raises(ValidationError, match="already has an open self-assessment"):
        open_round(executive_body, title="2009 again")
    assert Assessment.objects.count() == 1


def test_opening_a_round_closes_one_whose_closing_date_passed(executive_body):
    old = open_round(executive_body, title="Old", opened_on=D(2009, 6, 1), closes_on=D(2009, 7, 31))
    new = open_round(executive_body, title="New")
    old.refresh_from_db()
    assert old.status == AssessmentStatus.CLOSED and new.is_open


def test_a_round_cannot_close_before_it_opens(executive_body):
    with pytest.raises(ValidationError, match="closing date is before the opening date"):
        open_round(executive_body, opened_on=D(2010, 6, 1), closes_on=D(2010, 5, 1))


def test_closing_a_round_twice_says_so(executive_body):
    round_ = open_round(executive_body)
    service.close_assessment(round_)
    with pytest.raises(ValidationError, match="already closed"):
        service.close_assessment(round_)


# Scoring ----------------------------------------------------------------------------------------


def test_a_member_scores_and_re_scoring_replaces_the_score(executive_body):
    _user, person = member_with_login(executive_body, name="Rachel Armstrong")
    round_ = open_round(executive_body)
    first = questions()[0]
    assert service.record_scores(assessment=round_, member=person, answers={first.pk: (2, "Roles unclear")}) == 1
    assert service.record_scores(assessment=round_, member=person, answers={first.pk: (4, "")}) == 1
    score = Score.objects.get()
    assert (score.score, score.comment) == (4, "")


def test_dont_know_removes_an_earlier_score(executive_body):
    _user, person = member_with_login(executive_body, name="Rachel Armstrong")
    round_ = open_round(executive_body)
    first, second = questions()[:2]
    service.record_scores(assessment=round_, member=person, answers={first.pk: (3, ""), second.pk: (3, "")})
    assert service.record_scores(assessment=round_, member=person, answers={first.pk: (None, ""), second.pk: (5, "")}) == 1
    assert list(Score.objects.values_list("question_id", "score")) == [(second.pk, 5)]


def test_only_members_of_the_body_score(executive_body):
    outsider = PersonFactory(name="Someone Else")
    round_ = open_round(executive_body)
    with pytest.raises(ValidationError, match="Only members of Carlisle Partnership Executive"):
        service.record_scores(assessment=round_, member=outsider, answers=all_answers(3))
    assert not Score.objects.exists()


def test_a_member_whose_seat_ended_no_longer_scores(executive_body):
    person = PersonFactory(name="Brian Ormerod")
    MembershipFactory(person=person, body=executive_body, start=D(2006, 3, 1), end=D(2008, 12, 31))
    round_ = open_round(executive_body)
    with pytest.raises(ValidationError, match="Only members"):
        service.record_scores(assessment=round_, member=person, answers=all_answers(3))


def test_a_closed_round_takes_no_scores(executive_body):
    _user, person = member_with_login(executive_body, name="Rachel Armstrong")
    round_ = open_round(executive_body)
    service.close_assessment(round_)
    with pytest.raises(ValidationError, match="closed"):
        service.record_scores(assessment=round_, member=person, answers=all_answers(3))


def test_a_round_past_its_closing_date_takes_no_scores(executive_body):
    _user, person = member_with_login(executive_body, name="Rachel Armstrong")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    round_ = open_round(executive_body, opened_on=yesterday - datetime.timedelta(days=30), closes_on=yesterday)
    assert not round_.is_open
    with pytest.raises(ValidationError, match="closed"):
        service.record_scores(assessment=round_, member=person, answers=all_answers(3))


@pytest.mark.parametrize("answers, message", [
    ("nothing", "Score at least one statement"),
    ("all-dont-know", "Score at least one statement"),
    ("comment-without-score", "A comment needs a score"),
    ("out-of-scale", "not a score"),
    ("unknown-question", "not in the framework"),
])
def test_bad_answers_are_refused_with_a_message_and_nothing_is_saved(executive_body, answers, message):
    _user, person = member_with_login(executive_body, name="Rachel Armstrong")
    round_ = open_round(executive_body)
    first, second = questions()[:2]
    answers = {
        "nothing": {},
        "all-dont-know": {first.pk: (None, "")},
        "comment-without-score": {first.pk: (4, ""), second.pk: (None, "I am not sure")},
        "out-of-scale": {first.pk: (4, ""), second.pk: (7, "")},
        "unknown-question": {first.pk: (4, ""), 999999: (3, "")},
    }[answers]
    with pytest.raises(ValidationError, match=message):
        service.record_scores(assessment=round_, member=person, answers=answers)
    assert not Score.objects.exists()


# Results ----------------------------------------------------------------------------------------


def score_round(round_, people, values):
    """Each person scores every question: values[i] for person i."""
    for person, value in zip(people, values):
        Score.objects.bulk_create(
            Score(assessment=round_, question=q, member=person, score=value) for q in questions()
        )


def seat(body, count, start=D(2009, 1, 1)):
    people = [PersonFactory() for _ in range(count)]
    for person in people:
        MembershipFactory(person=person, body=body, start=start)
    return people


def test_results_average_spread_and_respondents_per_criterion(executive_body):
    people = seat(executive_body, 4)  # one of the four does not respond
    round_ = open_round(executive_body)
    score_round(round_, people[:3], [2, 3, 4])
    results = service.assessment_results(round_)
    focus = results.criteria[0]
    assert focus.criterion.name == "Focus"
    assert focus.average == 3 and focus.low == 2 and focus.high == 4 and focus.respondents == 3
    assert focus.spread == pytest.approx(0.8165, abs=1e-3)  # population sd of 2, 3, 4 (each 3 times)
    assert results.respondents == 3 and results.eligible == 4 and results.response_rate == 75
    assert focus.questions[0].distribution == [(1, "Not at all", 0), (2, "A little", 1), (3, "Partly", 1), (4, "Mostly", 1), (5, "Fully", 0)]


def test_results_link_the_proposals_that_serve_each_criterion(executive_body):
    round_ = open_round(executive_body)
    focus, membership = Criterion.objects.order_by("number")[:2]
    proposals.save_proposal(body=executive_body, number=5, text="All groups to review membership",
                          target_group="Thematic Groups", criteria=[focus, membership])
    results = service.assessment_results(round_)
    assert [p.number for p in results.criteria[0].proposals] == [5]
    assert [p.number for p in results.criteria[1].proposals] == [5]
    assert results.criteria[2].proposals == []


def test_results_cost_the_same_queries_for_3_and_30_members(executive_body, django_assert_num_queries):
    round_ = open_round(executive_body)
    proposals.save_proposal(body=executive_body, number=1, text="Identify all partners", target_group="Conveners",
                          criteria=Criterion.objects.filter(number__in=[1, 5]))
    score_round(round_, seat(executive_body, 3), [3, 4, 5])
    # criteria, questions, scores, evidence, proposals (+ their criteria), memberships
    with django_assert_num_queries(7):
        small = service.assessment_results(round_)
    score_round(round_, seat(executive_body, 27), [1 + i % 5 for i in range(27)])
    with django_assert_num_queries(7):
        large = service.assessment_results(round_)
    assert (small.respondents, large.respondents) == (3, 30)


def test_results_over_time_show_the_change_between_rounds(executive_body, django_assert_num_queries):
    people = seat(executive_body, 2)
    first = open_round(executive_body, title="2009", opened_on=D(2009, 6, 1), closes_on=D(2009, 7, 31))
    score_round(first, people, [2, 2])
    second = open_round(executive_body, title="2010", opened_on=D(2010, 6, 1), closes_on=D(2010, 7, 31))
    score_round(second, people, [3, 4])
    with django_assert_num_queries(3):
        trends, columns = service.results_over_time([second, first])
    assert [a.title for a, _n in columns] == ["2009", "2010"]
    assert trends[0].cells[0][1] == 2 and trends[0].cells[1][1] == 3.5 and trends[0].change == 1.5


# Proposals --------------------------------------------------------------------------------------


def test_proposal_numbers_are_unique_per_body_with_a_readable_error(executive_body):
    conveners = structure.create_body(name="The Conveners", kind="conveners")
    proposals.save_proposal(body=executive_body, number=4, text="A user guide", target_group="Partnership Staff")
    proposals.save_proposal(body=conveners, number=4, text="Another body's 4", target_group="Conveners")
    with pytest.raises(ValidationError, match="already has a proposal with this number"):
        proposals.save_proposal(body=executive_body, number=4, text="Twice", target_group="Executive")
    proposals.save_proposal(body=None, number=4, text="Partnership-wide 4", target_group="Everyone")
    with pytest.raises(ValidationError, match="already a partnership-wide proposal"):
        proposals.save_proposal(body=None, number=4, text="Twice", target_group="Everyone")
    assert ImprovementProposal.objects.count() == 3


def test_a_proposal_moves_through_its_statuses(executive_body):
    proposal = proposals.save_proposal(body=executive_body, number=9, text="A logo", target_group="Branding")
    assert proposal.status == ProposalStatus.PROPOSED
    proposals.set_proposal_status(proposal, ProposalStatus.IN_PROGRESS)
    proposal.refresh_from_db()
    assert proposal.status == "in_progress"
    with pytest.raises(ValidationError, match="Choose a status"):
        proposals.set_proposal_status(proposal, "finished-ish")


# Who may do what ---------------------------------------------------------------------------------


def test_members_and_officers_score_executives_and_staff_without_a_seat_do_not(executive_body):
    member, _ = member_with_login(executive_body, name="Rachel Armstrong")
    officer, _ = member_with_login(executive_body, name="Laura Bell", role="officer")
    executive = make_executive(UserFactory())
    staff = StaffUserFactory()
    round_ = open_round(executive_body)
    assert assessment_policy.can_score(member, round_) and assessment_policy.can_score(officer, round_)
    assert not assessment_policy.can_score(executive, round_)
    assert not assessment_policy.can_score(staff, round_)
    assert not assessment_policy.can_score(AnonymousUser(), round_)
    service.close_assessment(round_)
    assert not assessment_policy.can_score(member, round_)


def test_staff_who_hold_a_seat_score_as_themselves(executive_body):
    staff = StaffUserFactory()
    person = PersonFactory(name="Staff Member", user=staff)
    structure.add_membership(person=person, body=executive_body, role="member", start=D(2009, 1, 1))

    round_ = open_round(executive_body)
    assert assessment_policy.scorer(staff, round_) == person


def test_a_private_bodys_rounds_are_for_its_readers_only():
    private = structure.create_body(name="Funding task group", kind="task_group", public=False)
    member, _ = member_with_login(private, name="Mary Member")
    round_ = open_round(private)
    outsider = UserFactory()
    assert list(assessment_policy.visible(member)) == [round_]
    assert not assessment_policy.visible(outsider).exists()
    assert not assessment_policy.visible(AnonymousUser()).exists()
    assert list(assessment_policy.visible(make_executive(UserFactory()))) == [round_]


def test_the_rounds_waiting_for_a_member_cost_three_queries_however_many(executive_body, django_assert_num_queries):
    member, person = member_with_login(executive_body, name="Rachel Armstrong")
    mine = open_round(executive_body)
    groups = [structure.create_body(name=f"Priority group {i}", kind="thematic") for i in range(5)]
    for group in groups[:3]:
        structure.add_membership(person=person, body=group, role="member", start=D(2009, 1, 1))
        open_round(group)
    open_round(groups[4])  # not theirs

    with django_assert_num_queries(3):  # person, their bodies, the rounds
        waiting = list(service.open_assessments_for(member))
    assert len(waiting) == 4 and mine in waiting and all(a.body != groups[4] for a in waiting)
