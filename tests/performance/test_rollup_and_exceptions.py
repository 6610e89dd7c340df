"""Outcome and theme statuses roll up from their indicators; a quarter's exceptions (seed 001:
the Thematic Partnerships report "with a focus on exceptions")."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from performance.periods import Quarter
from performance.rag import RAG, is_worse, rollup
from performance.scorecard import scorecard
from performance.selectors import PeriodNotVisible
from performance.statuses import ExceptionKind
from tests.factories import BodyFactory, StaffUserFactory
from tests.performance.factories import (
    CommunityStrategyFactory,
    MilestoneFactory,
    OutcomeFactory,
    PublishedQuarterFactory,
    ThemeFactory,
    indicator_with,
)

G, A, R, N = RAG.GREEN, RAG.AMBER, RAG.RED, RAG.NO_DATA
D = datetime.date
Q3 = Quarter(2009, 3)


@pytest.mark.parametrize("statuses, expected, missing", [
    ([], N, 0),
    ([G], G, 0),
    ([G, G, G], G, 0),
    ([G, A], A, 0),
    ([A, N], A, 1),       # a missing figure does not hide the others ...
    ([G, N, A], A, 1),
    ([N, R], R, 1),
    ([R, G, A, N], R, 1),
    ([N, N], N, 2),       # ... unless every figure is missing
    (["green", "amber"], A, 0),
])
def test_rollup_is_the_worst_status_of_the_indicators_with_figures(statuses, expected, missing):
    summary = rollup(statuses)
    assert (summary.rag, summary.missing, summary.total) == (expected, missing, len(statuses))


def test_a_theme_of_five_green_two_amber_and_one_missing_is_amber_with_the_missing_one_beside():
    summary = rollup([G] * 5 + [A] * 2 + [N])
    assert summary.rag == A
    assert summary.label == "Amber – 1 indicator without data"
    assert rollup([G, N, N]).label == "Green – 2 indicators without data"
    assert rollup([N, N]).label == "No data"
    assert rollup([G, A]).label == "Amber"


@pytest.mark.parametrize("now, before, worse", [
    (A, G, True), (R, A, True), (N, G, True), (R, N, True),
    (G, A, False), (A, A, False), (A, N, False), (G, None, False), (None, G, False),
])
def test_is_worse(now, before, worse):
    assert is_worse(now, before) is worse


@pytest.fixture
def quarter(db):
    """Four indicators in two outcomes of one theme, 2009Q2 and 2009Q3. The factories' baseline
    is 50 in 2008Q2 and the target 58 by 2010Q2, so 54 is expected in 2009Q2, 55 in 2009Q3, and
    the amber band is 0.8."""
    strategy = CommunityStrategyFactory()
    lead, other_body = BodyFactory(name="Environment Thematic Partnership"), BodyFactory(name="Cumbria Waste Partnership")
    theme = ThemeFactory(strategy=strategy, name="Environment", slug="environment", lead_body=lead)
    waste = OutcomeFactory(theme=theme, title="Less waste", position=1)
    streets = OutcomeFactory(theme=theme, title="Cleaner streets", position=2)
    target = {"2010Q2": "58"}
    world = {
        "strategy": strategy, "theme": theme, "lead": lead, "waste_body": other_body,
        "on_track": indicator_with(outcome=waste, code="NI192", targets=target, values={"2009Q2": "54", "2009Q3": "55.5"}),
        "slipping": indicator_with(outcome=waste, code="NI191", targets=target, values={"2009Q2": "54", "2009Q3": "54.5"},
                                   lead_body=other_body),
        "off_track": indicator_with(outcome=streets, code="NI195", targets=target, values={"2009Q2": "50", "2009Q3": "50"}),
        "missing": indicator_with(outcome=streets, code="NI196", targets=target, values={"2009Q2": "54"}),
    }
    on_track = world["on_track"]
    MilestoneFactory(indicator=on_track, title="Overdue", due=D(2009, 9, 1), done_on=None)
    MilestoneFactory(indicator=on_track, title="Done late, before the quarter ended", due=D(2009, 6, 30), done_on=D(2009, 8, 1))
    MilestoneFactory(indicator=on_track, title="Done after the quarter ended", due=D(2009, 7, 31), done_on=D(2009, 10, 15))
    MilestoneFactory(indicator=on_track, title="Not yet due", due=D(2010, 1, 1), done_on=None)
    return world


def test_indicator_statuses_and_their_roll_up(quarter):
    card = scorecard(strategy=quarter["strategy"], period=Q3)
    rows = {row.code: row for row in card.indicators}
    assert {code: (row.rag, row.previous_rag) for code, row in rows.items()} == {
        "NI192": (G, G), "NI191": (A, G), "NI195": (R, R), "NI196": (N, G),
    }
    [theme] = card.themes
    assert [(o.title, o.rag) for o in theme.outcomes] == [("Less waste", A), ("Cleaner streets", R)]
    assert theme.rag == R
    assert [o.summary.missing for o in theme.outcomes] == [0, 1] and theme.summary.missing == 1
    assert theme.summary.label == "Red – 1 indicator without data"
    assert rows["NI192"].expected == 55 and rows["NI192"].target == 58 and rows["NI192"].final_target == 58
    assert rows["NI191"].previous_value == 54
    assert [q for q, _ in rows["NI196"].trend] == [
        Quarter(2008, 2), Quarter(2008, 3), Quarter(2008, 4), Quarter(2009, 1), Quarter(2009, 2), Quarter(2009, 3)
    ]
    assert rows["NI196"].trend[-2:] == [(Quarter(2009, 2), 54), (Quarter(2009, 3), None)]


def test_exceptions_red_worse_no_data_and_overdue_milestones(quarter):
    card = scorecard(strategy=quarter["strategy"], period=Q3)
    found = [(e.indicator.code, e.kinds, e.milestone.title if e.milestone else None) for e in card.exceptions]
    assert found == [
        ("NI195", [ExceptionKind.RED], None),
        ("NI196", [ExceptionKind.NO_DATA, ExceptionKind.WORSE], None),
        ("NI191", [ExceptionKind.WORSE], None),
        # Milestones by due date: 31 July, then 1 September.
        ("NI192", [ExceptionKind.MILESTONE_OVERDUE], "Done after the quarter ended"),
        ("NI192", [ExceptionKind.MILESTONE_OVERDUE], "Overdue"),
    ]
    reasons = {e.indicator.code: e.reasons for e in card.exceptions if not e.milestone}
    assert reasons["NI195"] == ["Red – off track: 50% against 55% expected by 2009Q3"]
    assert reasons["NI191"] == ["Worse than last quarter: green to amber"]
    assert reasons["NI196"][0] == "No data for 2009Q3"


def test_a_milestone_done_since_is_not_overdue_in_a_later_quarter(quarter):
    card = scorecard(strategy=quarter["strategy"], period=Quarter(2009, 4))
    overdue = [e.milestone.title for e in card.exceptions if e.milestone]
    assert overdue == ["Overdue"]


@pytest.mark.parametrize("filters, listed", [
    ({"rag": "amber"}, ["NI191"]),
    ({"rag": RAG.RED}, ["NI195"]),
    ({"rag": "no_data"}, ["NI196"]),
    ({"body": "cumbria-waste-partnership"}, ["NI191"]),
    ({"body": "environment-thematic-partnership"}, ["NI191", "NI192", "NI195", "NI196"]),
    ({"theme": "environment"}, ["NI191", "NI192", "NI195", "NI196"]),
    ({"theme": "no-such-theme"}, []),
])
def test_filters_narrow_the_list_but_not_the_roll_up(quarter, filters, listed):
    card = scorecard(strategy=quarter["strategy"], period=Q3, **filters)
    assert sorted(row.code for row in card.indicators) == listed
    for theme in card.themes:
        assert theme.rag == R
    assert {e.indicator.code for e in card.exceptions} <= set(listed)


def test_the_public_sees_published_quarters_only(quarter):
    strategy = quarter["strategy"]
    PublishedQuarterFactory(strategy=strategy, period="2009Q2")
    public = AnonymousUser()
    with pytest.raises(PeriodNotVisible) as refused:
        scorecard(strategy=strategy, period=Q3, user=public)
    assert refused.value.latest == Quarter(2009, 2)

    card = scorecard(strategy=strategy, period="2009Q2", user=public)
    assert card.public_view and card.published
    row = next(r for r in card.indicators if r.code == "NI191")
    assert row.trend == [(Quarter(2009, 2), 54)]
    assert row.previous_rag is None  # 2009Q1 is not published: nothing to compare with
    assert not any(ExceptionKind.WORSE in e.kinds for e in card.exceptions)


def test_the_internal_view_marks_unpublished_quarters(quarter):
    card = scorecard(strategy=quarter["strategy"], period=Q3, user=None)
    assert not card.published and not card.public_view


def test_a_theme_headlines_the_indicators_with_figures_and_counts_the_missing_ones(quarter, client):
    """One missing return leaves the theme amber (its worst figure), not "No data", with the
    missing one beside it on the dashboard."""
    strategy = quarter["strategy"]
    quarter["off_track"].delete()
    card = scorecard(strategy=strategy, period=Q3)
    [row] = card.themes
    assert (row.rag, row.summary.missing, row.summary.total) == (A, 1, 3)
    assert [(o.title, o.summary.label) for o in row.outcomes] == [
        ("Less waste", "Amber"), ("Cleaner streets", "No data"),
    ]
    client.force_login(StaffUserFactory())
    page = client.get(reverse("performance:dashboard"), {"period": "2009Q3"}).content.decode()
    heading = page[page.index('<h2 id="theme-environment">'):]
    heading = heading[:heading.index("</h2>")]
    assert ">Amber</span>" in heading and "– 1 indicator without data" in heading


def test_a_themes_status_by_quarter_for_its_history_chart(quarter):
    card = scorecard(strategy=quarter["strategy"], period=Q3)
    [theme] = card.themes
    history = [(str(q), summary.rag, summary.missing) for q, summary in theme.history]
    # 2008Q2-2009Q1 have no values at all; 2009Q2: NI195 (50 against 54) red; 2009Q3 as above.
    assert history == [
        ("2008Q2", N, 4), ("2008Q3", N, 4), ("2008Q4", N, 4), ("2009Q1", N, 4), ("2009Q2", R, 0), ("2009Q3", R, 1),
    ]
    chart = str(theme.history_chart)
    assert chart.count("<rect") == 6
    assert "2009Q3: Red – 1 indicator without data" in chart


def test_the_publics_theme_history_holds_published_quarters_only(quarter):
    PublishedQuarterFactory(strategy=quarter["strategy"], period="2009Q2")
    card = scorecard(strategy=quarter["strategy"], period=Quarter(2009, 2), user=AnonymousUser())
    [theme] = card.themes
    assert [str(q) for q, _ in theme.history] == ["2009Q2"]
