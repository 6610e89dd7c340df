"""The demo community strategy loaded by `manage.py load_demo` (performance/demo.py): Cumbria
Community Strategy 2008-2011 with the five thematic areas of seed 001."""

from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser

from partnerships.demo import DEMO_FILE
from partnerships.structure_io import import_structure, load_structure_file
from performance.demo import load_demo_strategy
from performance.models import CommunityStrategy, Indicator, Measurement, Milestone, PublishedQuarter, Risk, Target
from performance.periods import Quarter, quarters_between
from performance.rag import RAG
from performance.scorecard import scorecard
from performance.selectors import latest_period
from performance.statuses import ExceptionKind
from tests.module_data import rolled_back_after_the_module

THEMES = {
    "Children and Young People": "Children and Young People Thematic Partnership",
    "Cumbria Vision (economy)": "Cumbria Vision Thematic Partnership",
    "Environment": "Environment Thematic Partnership",
    "Health, Care and Older People": "Health, Care and Older People Thematic Partnership (HCOP)",
    "Safer and Stronger Communities": "Safer and Stronger Thematic Partnership",
}


# First in the file: the module's `loaded` fixture below stays loaded from its first use on.
@pytest.mark.django_db
def test_without_the_demo_structure_nothing_is_loaded():
    assert load_demo_strategy() is None
    assert not CommunityStrategy.objects.exists()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo structure and strategy once for the module, rolled back at the end (as
    tests/partnerships does). `manage.py load_demo` calls the same load_demo_strategy after the
    same structure import; tests/governance/test_load_demo.py runs the whole command."""
    with rolled_back_after_the_module(django_db_blocker):
        import_structure(load_structure_file(DEMO_FILE))
        yield load_demo_strategy()


@pytest.fixture
def strategy(loaded, db):
    return CommunityStrategy.objects.get(slug="cumbria-community-strategy-2008-2011")


def test_the_summary_line(loaded):
    assert loaded == (
        "Cumbria Community Strategy 2008-2011: 5 themes, 12 outcomes, 44 indicators, 325 measurements (325 new), "
        "2008Q2 to 2009Q3 published."
    )


def test_five_themes_led_by_their_thematic_partnerships(strategy):
    assert {t.name: t.lead_body.name for t in strategy.themes.select_related("lead_body")} == THEMES
    assert sorted(strategy.report_recipients.values_list("name", flat=True)) == sorted(
        [*THEMES.values(), "Cumbria Thematic Partnerships and LSP Joint Chairs Group"]
    )
    for theme in strategy.themes.all():
        assert 2 <= theme.outcomes.count() <= 3
        assert theme.outcomes.first().indicators.count() >= 3


def test_national_indicators_with_baselines_and_targets(strategy):
    ni185 = Indicator.objects.get(code="NI185")
    assert ni185.name == "CO2 reduction from local authority operations"
    assert ni185.direction == "lower"
    assert sorted(ni185.targets.values_list("period", flat=True)) == ["2009Q1", "2010Q1", "2011Q1"]
    codes = set(Indicator.objects.filter(outcome__theme__strategy=strategy).values_list("code", flat=True))
    assert {"NI185", "NI186", "NI191", "NI192", "NI195", "NI111", "NI117", "NI110", "NI8", "NI16", "NI20",
            "NI32", "NI39", "NI116", "NI119", "NI125", "NI151", "NI152", "NI167", "NI171"} <= codes
    assert Target.objects.filter(indicator__outcome__theme__strategy=strategy).count() == 3 * len(codes)


def test_quarterly_measurements_from_2008q2_to_2010q1(strategy):
    periods = set(Measurement.objects.filter(indicator__outcome__theme__strategy=strategy).values_list("period", flat=True))
    assert periods == {str(q) for q in quarters_between(Quarter(2008, 2), Quarter(2010, 1))}


@pytest.mark.parametrize("period", ["2009Q3", "2010Q1"])
def test_each_quarter_has_green_amber_red_and_missing(strategy, period):
    card = scorecard(strategy=strategy, period=period)
    counts = Counter(row.rag for row in card.indicators)
    assert all(counts[rag] >= 1 for rag in RAG), counts
    kinds = Counter(kind for e in card.exceptions for kind in e.kinds)
    assert kinds[ExceptionKind.MILESTONE_OVERDUE] >= 1 and kinds[ExceptionKind.WORSE] >= 1
    assert {theme.rag for theme in card.themes} != {RAG.RED}, "one red theme makes every theme red: no story"


def test_ni185_slips_over_the_winter(strategy):
    statuses = {
        period: next(r.rag for r in scorecard(strategy=strategy, period=period).indicators if r.code == "NI185")
        for period in ("2009Q3", "2009Q4", "2010Q1")
    }
    assert statuses == {"2009Q3": RAG.GREEN, "2009Q4": RAG.AMBER, "2010Q1": RAG.RED}


def test_risks_give_each_theme_a_meaningful_top_three(strategy):
    card = scorecard(strategy=strategy, period="2009Q3")
    for theme in card.themes:
        assert len(theme.risks) >= 4
        scores = [r.score for r in theme.top_risks]
        assert len(scores) == 3 and scores == sorted(scores, reverse=True)
    assert {r.rag for theme in card.themes for r in theme.risks} == {RAG.GREEN, RAG.AMBER, RAG.RED}
    assert Risk.objects.filter(owner__isnull=False).exists()


def test_each_themes_risks_are_plotted_on_the_five_by_five_matrix(strategy):
    """The demo's Environment register: 4x5 landfill penalties (20, red), 4x3 capital budgets
    and 3x4 flood recovery (12, amber), 2x4 carbon target (8, amber), 3x1 energy data (3, green)."""
    card = scorecard(strategy=strategy, period="2009Q3")
    environment = next(theme for theme in card.themes if theme.name == "Environment")
    assert [likelihood for likelihood, _ in environment.risk_map] == [5, 4, 3, 2, 1]
    placed = {
        (cell.likelihood, cell.impact): (cell.refs, cell.rag)
        for _, cells in environment.risk_map for cell in cells if cell.risks
    }
    assert placed == {
        (4, 5): (["R1"], RAG.RED), (4, 3): (["R2"], RAG.AMBER), (3, 4): (["R3"], RAG.AMBER),
        (2, 4): (["R4"], RAG.AMBER), (3, 1): (["R5"], RAG.GREEN),
    }
    assert [r.ref for r in environment.top_risks] == ["R1", "R2", "R3"]
    top = environment.risk_map[1][1][4]
    assert top.description.startswith("Likelihood 4, impact 5: score 20, red; 1 risk: R1 Landfill allowance penalties")
    for theme in card.themes:
        assert sum(len(cell.risks) for _, cells in theme.risk_map for cell in cells) == len(theme.risks)


def test_the_dashboard_shows_each_themes_risk_matrix_and_status_history_in_the_open(strategy, client):
    from django.urls import reverse

    page = client.get(reverse("performance:dashboard")).content.decode()
    maps = page.count('<table class="risk-map">')
    assert maps == 5
    details = page[page.index("<details"):]
    assert 'class="risk-map"' not in details, "the matrix is not hidden in the collapsed box"
    assert 'class="risk-map__cell risk-map__cell--red risk-map__cell--has-risks" title="Likelihood 4, impact 5' in page
    assert page.count('class="rag-history"') == 5
    assert "Status over the last 6 quarters" in page


def test_quarters_to_2009q3_are_published_so_the_public_and_partners_differ(strategy):
    assert sorted(PublishedQuarter.objects.filter(strategy=strategy).values_list("period", flat=True)) == [
        "2008Q2", "2008Q3", "2008Q4", "2009Q1", "2009Q2", "2009Q3",
    ]
    assert latest_period(strategy, AnonymousUser()) == Quarter(2009, 3)
    assert latest_period(strategy, None) == Quarter(2010, 1)


def test_some_milestones_are_overdue_and_some_done(strategy):
    milestones = Milestone.objects.filter(indicator__outcome__theme__strategy=strategy)
    assert milestones.filter(done_on__isnull=True).exists() and milestones.filter(done_on__isnull=False).exists()


def test_loading_again_changes_nothing(strategy):
    before = list(Measurement.objects.order_by("pk").values_list("pk", "value", "note"))
    risks, milestones = Risk.objects.count(), Milestone.objects.count()
    summary = load_demo_strategy()
    assert "(0 new)" in summary
    assert list(Measurement.objects.order_by("pk").values_list("pk", "value", "note")) == before
    assert (Risk.objects.count(), Milestone.objects.count()) == (risks, milestones)


def test_a_corrected_value_survives_loading_again(strategy):
    measurement = Measurement.objects.get(indicator__code="NI185", period="2009Q3")
    measurement.value = 1
    measurement.save()
    load_demo_strategy()
    measurement.refresh_from_db()
    assert measurement.value == 1
