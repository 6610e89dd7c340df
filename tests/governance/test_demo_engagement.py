"""The demo engagement data (governance/assessment/demo.py): seed 002's self-assessment, its 11
proposals with their groups and criteria, and the glossary; loading twice changes nothing."""

import datetime

import pytest

from governance.assessment.demo import load_demo_engagement
from governance.assessment.services import assessment_results, results_over_time
from governance.models import Assessment, Evidence, GlossaryTerm, ImprovementProposal, Score
from partnerships import services as structure
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def carlisle():
    executive = structure.create_body(name="Carlisle Partnership Executive", kind="executive")
    structure.create_body(name="The Conveners", kind="conveners", public=False)
    for name in ["Frances Waugh", "Neil Routledge", "Elsie Irving", "Rachel Armstrong", "Moira Scott",
                 "Stephen Kirkbride", "Tom Shepherd", "Ronald Bowman", "David Musgrave"]:
        structure.add_membership(person=PersonFactory(name=name), body=executive, role="member", start=datetime.date(2006, 3, 1))
    structure.add_membership(person=PersonFactory(name="Laura Bell"), body=executive, role="officer", start=datetime.date(2006, 3, 1))
    PersonFactory(name="Emma Slack")
    return executive


def test_the_demo_has_two_rounds_that_show_change(carlisle):
    load_demo_engagement()
    rounds = list(Assessment.objects.filter(body=carlisle).order_by("opened_on"))
    assert [r.title for r in rounds] == ["Carlisle Partnership self-assessment 2009", "Carlisle Partnership self-assessment 2010"]
    assert all(r.status == "closed" for r in rounds)
    first, second = (assessment_results(r) for r in rounds)
    assert (first.respondents, second.respondents) == (7, 9)
    trends, _columns = results_over_time(rounds)
    by_name = {t.criterion.name: t for t in trends}
    # Seed 002: no measurement of inputs, no performance management yet; section 10's work since.
    assert by_name["Efficiency and Effectiveness"].cells[0][1] < 2 and by_name["Efficiency and Effectiveness"].change > 0
    assert by_name["Evaluation and Monitoring"].change > 0


def test_the_2009_evidence_quotes_the_papers_performance_column(carlisle):
    load_demo_engagement()
    evidence = Evidence.objects.filter(assessment__title__endswith="2009")
    assert evidence.filter(criterion__name="Membership", text__contains="Current status = 80% complete").exists()
    assert evidence.filter(criterion__name="Accountability and Transparency", text__contains="not publicly accessible").exists()
    assert evidence.filter(criterion__name="Leading by Example", text__contains="NI185").exists()


def test_the_eleven_proposals_keep_the_papers_groups_and_criteria(carlisle):
    load_demo_engagement()
    proposals = {p.number: p for p in ImprovementProposal.objects.filter(body=carlisle).prefetch_related("criteria")}
    assert sorted(proposals) == list(range(1, 12))
    assert proposals[4].target_group == "Partnership Staff" and "jargon and acronym barriers" in proposals[4].text
    assert [c.name for c in proposals[4].criteria.all()] == ["Focus"]  # "(Proposal 4 and 1)" under Focus
    assert {c.name for c in proposals[7].criteria.all()} == {
        "Efficiency and Effectiveness", "Learning and Sharing", "Evaluation and Monitoring",
    }
    assert "leaves out number 7" in proposals[7].notes
    assert proposals[2].target_body == carlisle and proposals[11].target_body.name == "The Conveners"
    assert proposals[9].target_group == "Branding" and proposals[9].owner.name == "Laura Bell"


def test_loading_twice_changes_nothing(carlisle):
    load_demo_engagement()
    counts = (Assessment.objects.count(), Score.objects.count(), Evidence.objects.count(),
              ImprovementProposal.objects.count(), GlossaryTerm.objects.count())
    summary = load_demo_engagement()
    assert (Assessment.objects.count(), Score.objects.count(), Evidence.objects.count(),
            ImprovementProposal.objects.count(), GlossaryTerm.objects.count()) == counts
    assert "0 self-assessment scores and 0 improvement proposals" in summary


def test_without_the_carlisle_executive_only_the_glossary_loads():
    assert "no Carlisle Partnership Executive" in load_demo_engagement()
    assert GlossaryTerm.objects.filter(term="LSP").exists() and not Assessment.objects.exists()
