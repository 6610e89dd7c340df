"""Risk ratings on the 5x5 likelihood x impact matrix and the top three risks per theme (seed
004: Mid Sussex rates the strategy's risks red, amber or green and reports "the top three risks
per theme")."""

import datetime
from types import SimpleNamespace

import pytest

from performance.periods import Quarter
from performance.rag import RAG, risk_matrix, risk_rag, top_risks
from performance.scorecard import scorecard
from tests.performance.factories import CommunityStrategyFactory, OutcomeFactory, RiskFactory, ThemeFactory

D = datetime.date


@pytest.mark.parametrize("score, expected", [
    (1, RAG.GREEN), (4, RAG.GREEN),
    (5, RAG.AMBER), (12, RAG.AMBER), (14, RAG.AMBER),
    (15, RAG.RED), (25, RAG.RED),
    (None, RAG.NO_DATA),
])
def test_default_bands(score, expected):
    # The strategy's defaults: amber from 5, red from 15.
    assert risk_rag(score, amber_from=5, red_from=15) == expected


@pytest.mark.parametrize("score, expected", [(7, RAG.GREEN), (8, RAG.AMBER), (11, RAG.AMBER), (12, RAG.RED)])
def test_configurable_bands(score, expected):
    assert risk_rag(score, amber_from=8, red_from=12) == expected


def test_the_matrix_is_five_by_five_from_likelihood_five_down():
    matrix = risk_matrix(amber_from=5, red_from=15)
    assert [likelihood for likelihood, _ in matrix] == [5, 4, 3, 2, 1]
    assert all(len(cells) == 5 for _, cells in matrix)
    assert matrix[0][1][4] == (5, 25, RAG.RED)
    assert matrix[4][1][0] == (1, 1, RAG.GREEN)
    assert matrix[2][1][1] == (2, 6, RAG.AMBER)  # likelihood 3, impact 2


def risk(name, likelihood, impact, review=None, pk=0):
    return SimpleNamespace(name=name, likelihood=likelihood, impact=impact, score=likelihood * impact, review_date=review, pk=pk)


def test_top_risks_highest_score_then_likelihood_then_soonest_review():
    risks = [
        risk("minor", 1, 2),
        risk("likely twelve", 4, 3, D(2010, 6, 30)),
        risk("severe", 4, 5),
        risk("unlikely twelve", 3, 4, D(2010, 1, 31)),
        risk("likely twelve, sooner review", 4, 3, D(2010, 3, 31)),
        risk("likely twelve, no review date", 4, 3, None),
    ]
    assert [r.name for r in top_risks(risks)] == ["severe", "likely twelve, sooner review", "likely twelve"]
    assert [r.name for r in top_risks(risks, n=5)][3:] == ["likely twelve, no review date", "unlikely twelve"]


def test_top_risks_of_fewer_than_three():
    assert [r.name for r in top_risks([risk("only", 2, 2)])] == ["only"]
    assert top_risks([]) == []


@pytest.mark.django_db
def test_each_theme_shows_its_top_three_risks_including_its_outcomes_risks():
    strategy = CommunityStrategyFactory(risk_amber_from=6, risk_red_from=16)
    theme, other = ThemeFactory(strategy=strategy), ThemeFactory(strategy=strategy)
    outcome = OutcomeFactory(theme=theme)
    RiskFactory(theme=theme, description="Waste plant delayed", likelihood=4, impact=5)
    RiskFactory(theme=None, outcome=outcome, description="Capital budgets cut", likelihood=4, impact=4)
    RiskFactory(theme=theme, description="Flood recovery", likelihood=3, impact=4)
    RiskFactory(theme=theme, description="Late energy data", likelihood=3, impact=1)
    RiskFactory(theme=other, description="Another theme's risk", likelihood=5, impact=5)

    card = scorecard(strategy=strategy, period=Quarter(2009, 3))
    first = next(t for t in card.themes if t.theme == theme)
    assert [r.description for r in first.top_risks] == ["Waste plant delayed", "Capital budgets cut", "Flood recovery"]
    assert [(r.score, r.rag) for r in first.top_risks] == [(20, RAG.RED), (16, RAG.RED), (12, RAG.AMBER)]
    assert [r.rag for r in first.risks][-1] == RAG.GREEN
    assert len(first.risks) == 4
