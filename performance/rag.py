"""The red/amber/green rules: one function per rule, used by the dashboard, the indicator page,
the quarterly PDF report and the tests alike. docs/formats.md ("Measurements file (CSV)", "How
the status is worked out") states the same rules in words.

- `indicator_rag`: an indicator's status for a quarter, from its value against the trajectory
  from baseline to target (`expected_value`), direction-aware, amber within a tolerance.
- `risk_rag`: a risk's status from its score (likelihood x impact on a 5x5 matrix) and the
  strategy's bands; `top_risks`: the three that matter most (seed 004, Mid Sussex: "the top
  three risks per theme").
- `rollup`: an outcome's or a theme's status from its indicators' statuses: the worst of those
  that have a figure, with the number that have none beside it (all missing: no data).
- `risk_heat_map`: a theme's risks placed on the 5x5 likelihood x impact matrix.
- `is_worse`: whether a status has worsened since last quarter (an exception, seed 001:
  reports "with a focus on exceptions").
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models

from .periods import Quarter


class RAG(models.TextChoices):
    GREEN = "green", "Green – on track"
    AMBER = "amber", "Amber – within tolerance"
    RED = "red", "Red – off track"
    NO_DATA = "no_data", "No data"

    @property
    def severity(self):
        """0 (green) to 3 (red); see SEVERITY."""
        return SEVERITY[self]

    @property
    def short_label(self):
        return {"green": "Green", "amber": "Amber", "red": "Red", "no_data": "No data"}[self.value]

    @property
    def tag_class(self):
        """The portal.css tag modifier that shows this status."""
        return {"green": "tag--green", "amber": "tag--amber", "red": "tag--red", "no_data": "tag--grey"}[self.value]


# Worst last, for exceptions ("worse than last quarter") and their order. Missing data ranks
# worse than amber but better than red: a quarter without a return is an exception to chase, but
# a value known to be off track is worse news than one not yet reported. A roll-up leaves missing
# figures aside and counts them instead (rollup).
SEVERITY = {RAG.GREEN: 0, RAG.AMBER: 1, RAG.NO_DATA: 2, RAG.RED: 3}
SEVERITY_ORDER = sorted(SEVERITY, key=SEVERITY.get)


def _decimal(value):
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))



def _index(quarter):
    return quarter.year * 4 + quarter.number - 1


def _anchors(baseline_value, baseline_date, targets):
    """The trajectory's corner points: the baseline (at the quarter containing its date), then
    every target after that quarter, in time order."""
    base = Quarter.containing(baseline_date) if isinstance(baseline_date, datetime.date) else Quarter.parse(baseline_date)
    later = sorted((Quarter.parse(q), _decimal(v)) for q, v in (targets or {}).items() if Quarter.parse(q) > base)
    return [(base, _decimal(baseline_value))] + later


def expected_value(*, baseline_value, baseline_date, targets, period):
    """Where the indicator should be in `period` on the way from its baseline to its targets.

    The trajectory is a straight line, quarter by quarter, from the baseline (placed at the
    quarter containing `baseline_date`) to the first target, then on from each target to the
    next. In a target's own quarter the expectation is that target. Before the baseline's
    quarter it is the baseline; after the last target it stays at the last target. With no
    target at all the expectation is the baseline itself ("do no worse than the baseline").
    Targets dated at or before the baseline's quarter are ignored except in their own quarter.
    """
    period = Quarter.parse(period)
    targets = {Quarter.parse(q): _decimal(v) for q, v in (targets or {}).items()}
    if period in targets:
        return targets[period]
    anchors = _anchors(baseline_value, baseline_date, targets)
    if period <= anchors[0][0]:
        return anchors[0][1]
    for (start, start_value), (end, end_value) in zip(anchors, anchors[1:]):
        if start < period < end:
            done = Decimal(_index(period) - _index(start)) / Decimal(_index(end) - _index(start))
            return start_value + (end_value - start_value) * done
    return anchors[-1][1]


def target_in_force(*, baseline_date, targets, period):
    """(quarter, value) of the target `period` works towards: its own quarter's target, else the
    next one after it, else the last one; None without targets."""
    period = Quarter.parse(period)
    ordered = sorted((Quarter.parse(q), _decimal(v)) for q, v in (targets or {}).items())
    if not ordered:
        return None
    for quarter, value in ordered:
        if quarter >= period:
            return quarter, value
    return ordered[-1]


def tolerance_band(*, baseline_value, baseline_date, targets, period, tolerance):
    """How far behind the trajectory is still amber: `tolerance` x |target - baseline|, the
    target being the one in force for `period`. When that gap is zero (no target, or a target
    to hold the baseline) the share is taken of |baseline| instead, so that "hold the line"
    indicators still have an amber band."""
    baseline_value, tolerance = _decimal(baseline_value), _decimal(tolerance)
    target = target_in_force(baseline_date=baseline_date, targets=targets, period=period)
    gap = abs(target[1] - baseline_value) if target else Decimal(0)
    if gap == 0:
        gap = abs(baseline_value)
    return tolerance * gap


def indicator_rag(*, direction, baseline_value, baseline_date, targets, value, period, tolerance):
    """The indicator's status for `period`, given its value then (None: no data).

    Green: on the trajectory or better (above it when higher is better, below it when lower is
    better). Amber: behind it by no more than the tolerance band (`tolerance_band`; the
    boundary itself is amber). Red: further behind. No data: no value for the quarter.
    Without any target the value is compared with the baseline.
    """
    if value is None:
        return RAG.NO_DATA
    expected = expected_value(baseline_value=baseline_value, baseline_date=baseline_date, targets=targets, period=period)
    shortfall = expected - _decimal(value) if direction == "higher" else _decimal(value) - expected
    if shortfall <= 0:
        return RAG.GREEN
    band = tolerance_band(
        baseline_value=baseline_value, baseline_date=baseline_date, targets=targets, period=period, tolerance=tolerance
    )
    return RAG.AMBER if shortfall <= band else RAG.RED


def risk_rag(score, *, amber_from, red_from):
    """A risk's status from its score (likelihood x impact, 1-25): red from `red_from`, amber
    from `amber_from`, green below (the strategy's bands; defaults 5 and 15)."""
    if score is None:
        return RAG.NO_DATA
    if score >= red_from:
        return RAG.RED
    if score >= amber_from:
        return RAG.AMBER
    return RAG.GREEN


def risk_matrix(*, amber_from, red_from):
    """The 5x5 matrix as rows from likelihood 5 down to 1: [(likelihood, [(impact, score, RAG)])]."""
    return [
        (likelihood, [(impact, likelihood * impact, risk_rag(likelihood * impact, amber_from=amber_from, red_from=red_from))
                      for impact in range(1, 6)])
        for likelihood in range(5, 0, -1)
    ]


@dataclass
class HeatCell:
    """One square of the risk matrix and the risks in it (each with a `ref`, e.g. "R1")."""

    likelihood: int
    impact: int
    score: int
    rag: RAG
    risks: list = field(default_factory=list)

    @property
    def refs(self):
        return [getattr(r, "ref", "") for r in self.risks]

    @property
    def description(self):
        """The square in words, for screen readers and the cell's tooltip."""
        head = f"Likelihood {self.likelihood}, impact {self.impact}: score {self.score}, {self.rag.short_label.lower()}"
        if not self.risks:
            return f"{head}; no risks."
        listed = "; ".join(f"{getattr(r, 'ref', '')} {r.description}".strip() for r in self.risks)
        return f"{head}; {len(self.risks)} risk{'s' if len(self.risks) != 1 else ''}: {listed}"


def risk_heat_map(risks, *, amber_from, red_from):
    """`risks` (anything with likelihood, impact and description) on the 5x5 matrix, as rows
    from likelihood 5 down to 1, impact 1 to 5 across: [(likelihood, [HeatCell])]. Risks keep
    their order within a cell."""
    cells = {
        (likelihood, impact): HeatCell(
            likelihood, impact, likelihood * impact,
            risk_rag(likelihood * impact, amber_from=amber_from, red_from=red_from),
        )
        for likelihood in range(1, 6) for impact in range(1, 6)
    }
    for risk in risks:
        cells[(risk.likelihood, risk.impact)].risks.append(risk)
    return [(likelihood, [cells[(likelihood, impact)] for impact in range(1, 6)]) for likelihood in range(5, 0, -1)]


def risk_score(risk):
    """The stored score, or likelihood x impact for a risk not yet saved."""
    score = getattr(risk, "score", None)
    return score if score is not None else risk.likelihood * risk.impact


def top_risks(risks, n=3):
    """The `n` risks that matter most: highest score, then the more likely, then the one due
    for review soonest (no review date last)."""
    return sorted(
        risks,
        key=lambda r: (-risk_score(r), -r.likelihood, r.review_date or datetime.date.max, getattr(r, "pk", 0) or 0),
    )[:n]


@dataclass(frozen=True)
class RollUp:
    """An outcome's or theme's status (`rag`) and how many of its `total` indicators have no
    figure (`missing`)."""

    rag: RAG
    missing: int = 0
    total: int = 0

    @property
    def missing_text(self):
        """"1 indicator without data", or "" when every indicator has a figure or none has."""
        if not self.missing or self.rag == RAG.NO_DATA:
            return ""
        return f"{self.missing} indicator{'s' if self.missing != 1 else ''} without data"

    @property
    def label(self):
        """The headline: "Amber – 1 indicator without data", "Green", "No data"."""
        return f"{self.rag.short_label} – {self.missing_text}" if self.missing_text else self.rag.short_label


def rollup(statuses):
    """An outcome's or theme's status from its indicators' statuses: the worst (green < amber <
    red) of those that have a figure, the ones without counted beside it, so that one missing
    return does not hide how the rest are doing. All missing, or nothing to roll up: no data."""
    statuses = [RAG(s) for s in statuses]
    known = [s for s in statuses if s != RAG.NO_DATA]
    missing = len(statuses) - len(known)
    rag = max(known, key=SEVERITY.get) if known else RAG.NO_DATA
    return RollUp(rag=rag, missing=missing, total=len(statuses))


def is_worse(now, before):
    """True when `now` is more severe than `before` (e.g. amber to red, green to no data);
    False when there is nothing to compare with."""
    if now is None or before is None:
        return False
    return SEVERITY[RAG(now)] > SEVERITY[RAG(before)]
