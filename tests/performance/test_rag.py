"""performance.rag: the indicator status rule, table by table (seed 002: "performance management
with baselines, milestones, measurable outcomes")."""

import datetime
from decimal import Decimal

import pytest

from performance.periods import Quarter
from performance.rag import RAG, SEVERITY_ORDER, expected_value, indicator_rag, target_in_force, tolerance_band

Q = Quarter.parse
BASELINE_DATE = datetime.date(2008, 3, 31)  # in 2008Q1


def rag(value, *, direction="higher", baseline="50", targets=None, period="2009Q1", tolerance="0.1"):
    return indicator_rag(
        direction=direction, baseline_value=Decimal(baseline), baseline_date=BASELINE_DATE,
        targets={Q(q): Decimal(v) for q, v in (targets or {}).items()},
        value=None if value is None else Decimal(value), period=Q(period), tolerance=Decimal(tolerance),
    )


# Higher is better: 50 in 2008Q1 to 60 by 2010Q1, so 55 is expected halfway, in 2009Q1; the
# tolerance band is 0.1 x |60 - 50| = 1.
UP = {"2010Q1": "60"}


@pytest.mark.parametrize("value, expected", [
    ("58", RAG.GREEN),      # ahead of the trajectory
    ("55", RAG.GREEN),      # exactly on it
    ("54.5", RAG.AMBER),    # behind, within tolerance
    ("54", RAG.AMBER),      # the boundary itself is amber
    ("53.999", RAG.RED),    # just beyond it
    ("40", RAG.RED),
    (None, RAG.NO_DATA),
])
def test_higher_is_better(value, expected):
    assert rag(value, targets=UP) == expected


# Lower is better (NI185's CO2): 100 in 2008Q1 to 80 by 2010Q1, 90 expected in 2009Q1; band 2.
DOWN = {"2010Q1": "80"}


@pytest.mark.parametrize("value, expected", [
    ("85", RAG.GREEN),
    ("90", RAG.GREEN),
    ("91", RAG.AMBER),
    ("92", RAG.AMBER),
    ("92.001", RAG.RED),
    ("120", RAG.RED),
    (None, RAG.NO_DATA),
])
def test_lower_is_better(value, expected):
    assert rag(value, direction="lower", baseline="100", targets=DOWN) == expected


@pytest.mark.parametrize("tolerance, value, expected", [
    ("0", "55", RAG.GREEN),
    ("0", "54.999", RAG.RED),  # no tolerance: anything behind is red
    ("0.25", "52.5", RAG.AMBER),
    ("0.25", "52.4", RAG.RED),
    ("1", "45", RAG.AMBER),
    ("1", "44.9", RAG.RED),
])
def test_tolerance_is_a_share_of_the_gap_from_baseline_to_target(tolerance, value, expected):
    assert rag(value, targets=UP, tolerance=tolerance) == expected


@pytest.mark.parametrize("direction, value, expected", [
    ("higher", "50", RAG.GREEN),
    ("higher", "45", RAG.AMBER),  # band: 0.1 x |baseline| = 5
    ("higher", "44.9", RAG.RED),
    ("lower", "50", RAG.GREEN),
    ("lower", "55", RAG.AMBER),
    ("lower", "55.1", RAG.RED),
    ("lower", None, RAG.NO_DATA),
])
def test_without_a_target_the_value_is_compared_with_the_baseline(direction, value, expected):
    assert rag(value, direction=direction, targets={}) == expected


def test_a_target_to_hold_the_baseline_still_has_an_amber_band():
    assert rag("49", targets={"2010Q1": "50"}) == RAG.AMBER
    assert rag("44", targets={"2010Q1": "50"}) == RAG.RED


def test_a_rising_target_when_lower_is_better_limits_the_rise():
    # NI39 alcohol admissions: 1420 to at most 1500 by 2011Q1; staying below the path is green.
    targets = {"2011Q1": "1500"}
    assert rag("1440", direction="lower", baseline="1420", targets=targets, period="2009Q1") == RAG.GREEN
    assert rag("1470", direction="lower", baseline="1420", targets=targets, period="2009Q1") == RAG.RED


@pytest.mark.parametrize("period, expected", [
    ("2007Q4", "50"),   # before the baseline's quarter: the baseline
    ("2008Q1", "50"),   # the baseline's own quarter
    ("2008Q3", "52"),   # 2 of 4 quarters towards 54
    ("2009Q1", "54"),   # a target's own quarter: the target
    ("2009Q2", "56"),   # 1 of 4 quarters from 54 towards 62
    ("2010Q1", "62"),
    ("2010Q3", "62"),   # after the last target: the last target
])
def test_the_trajectory_runs_straight_from_baseline_to_each_target_in_turn(period, expected):
    value = expected_value(
        baseline_value=Decimal(50), baseline_date=BASELINE_DATE,
        targets={Q("2009Q1"): Decimal(54), Q("2010Q1"): Decimal(62)}, period=Q(period),
    )
    assert value == Decimal(expected)


def test_expected_value_takes_quarters_as_text_too():
    assert expected_value(baseline_value=50, baseline_date=BASELINE_DATE, targets={"2010Q1": 60}, period="2009Q1") == 55


def test_expected_value_without_targets_is_the_baseline():
    assert expected_value(baseline_value=Decimal(7), baseline_date=BASELINE_DATE, targets={}, period=Q("2010Q1")) == 7


def test_the_band_uses_the_target_in_force():
    targets = {Q("2009Q1"): Decimal(52), Q("2011Q1"): Decimal(70)}
    assert target_in_force(baseline_date=BASELINE_DATE, targets=targets, period=Q("2008Q3")) == (Q("2009Q1"), 52)
    assert target_in_force(baseline_date=BASELINE_DATE, targets=targets, period=Q("2009Q2")) == (Q("2011Q1"), 70)
    assert target_in_force(baseline_date=BASELINE_DATE, targets=targets, period=Q("2012Q1")) == (Q("2011Q1"), 70)
    band = tolerance_band(baseline_value=50, baseline_date=BASELINE_DATE, targets=targets, period=Q("2009Q2"), tolerance=Decimal("0.1"))
    assert band == Decimal(2)


def test_statuses_have_labels_and_a_severity_order():
    assert RAG.GREEN.label == "Green – on track"
    assert RAG.AMBER.label == "Amber – within tolerance"
    assert RAG.RED.label == "Red – off track"
    assert RAG.NO_DATA.label == "No data"
    assert RAG.NO_DATA.value == "no_data"
    assert SEVERITY_ORDER == [RAG.GREEN, RAG.AMBER, RAG.NO_DATA, RAG.RED]
    assert RAG.RED.severity > RAG.NO_DATA.severity > RAG.AMBER.severity > RAG.GREEN.severity


def test_amber_is_one_colour_on_the_web_and_in_the_pdf():
    """GOV.UK orange (#f47738) for amber everywhere, not yellow: the PDF's blocks, the charts,
    the risk matrix; the dashboard's tags in its tint, as their green and red are tints."""
    import re
    from pathlib import Path

    from performance.charts import COLOURS
    from performance.rag import RAG

    css = Path(__file__).resolve().parents[2] / "static" / "css"
    portal = (css / "portal.css").read_text()
    assert RAG.AMBER.tag_class == "tag--amber"
    assert re.search(r"--warning: #f47738;", portal)
    assert "--amber-tint: #fcd6c3;" in portal  # GOV.UK's orange tag
    assert ".tag--amber { background: var(--amber-tint); color: var(--amber-text); }" in portal
    assert ".risk-map__cell--has-risks.risk-map__cell--amber { background: var(--warning)" in (
        css / "performance.css").read_text()
    assert ".rag--amber { border-left-color: #f47738; }" in (css / "report-print.css").read_text()
    assert COLOURS[RAG.AMBER] == "#f47738"
