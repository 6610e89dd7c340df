"""Reads for the performance pages: strategies and the quarters a user may see, the filters'
choices, milestones, one indicator's history, and the data-entry grid. The scorecard of a
strategy's quarter, which every page and the PDF report take their statuses from, is in
performance/scorecard.py; its rows are in performance/statuses.py.

A user sees only the quarters `performance_policy.visible_periods` allows: the public sees
published quarters only, and never learns an unpublished value.
"""

import datetime
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Max, OuterRef, Prefetch, Q
from django.http import Http404
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from partnerships.models import Body
from partnerships.policy import body_policy

from .charts import format_number, history_chart_svg
from .models import (
    CommunityStrategy,
    Indicator,
    Measurement,
    MeasurementCorrection,
    Milestone,
    Theme,
    lead_body_of,
)
from .periods import Quarter, quarters_between
from .policy import performance_policy
from .rag import (
    RAG,
    expected_value,
    indicator_rag,
)


class PeriodNotVisible(PermissionDenied):
    """The user asked for a quarter they may not see (the public and an unpublished quarter)."""

    def __init__(self, period, latest=None):
        self.period, self.latest = period, latest
        super().__init__(f"The figures for {period} have not been published yet.")



@functools.cache
def _indicator_url_pattern(script_prefix):
    return reverse("performance:indicator", kwargs={"code": "CODE"})


def indicator_url(code):
    """The indicator page's URL, without a URL resolver walk per row (a dashboard can list
    thousands); quoted as reverse() quotes it."""
    return _indicator_url_pattern(get_script_prefix()).replace("CODE", quote(code, safe="!$&'()*+,;=~:@"))


def code_order(indicator):
    """Sort key putting NI8 before NI16 before NI110 (codes are letters and a number)."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", indicator.code)]


# Strategies and their quarters ------------------------------------------------------------------


def strategy_get(slug=None, *, among=None):
    """The strategy with this slug; without a slug the latest one (by start) that has themes, or
    the latest of `among` (a queryset) when given; 404 if none."""
    strategies = CommunityStrategy.objects.select_related("partnership")
    if slug:
        strategy = strategies.filter(slug=slug).first()
    else:
        if among is not None:
            candidates = strategies.filter(pk__in=among).order_by("-period_start", "-pk")
        else:
            candidates = strategies.annotate(
                has_themes=Exists(Theme.objects.filter(strategy=OuterRef("pk")))
            ).order_by("-has_themes", "-period_start", "-pk")
        strategy = candidates.first()
    if strategy is None:
        raise Http404("No such community strategy.")
    return strategy


def enterable_strategies(user):
    """Ids of the strategies with an indicator the user may enter measurements for."""
    return performance_policy.enterable_indicators(user, Indicator.objects.all()).values("outcome__theme__strategy")


def strategy_quarters(strategy):
    """Every quarter the strategy runs through, first to last."""
    return quarters_between(Quarter.containing(strategy.period_start), Quarter.containing(strategy.period_end))


def published_periods(strategy):
    return frozenset(Quarter.parse(p) for p in strategy.published_quarters.values_list("period", flat=True))


def visible_quarters(user, strategy):
    """None (everything) or the frozenset of Quarters the user may see."""
    if user is None:
        return None
    visible = performance_policy.visible_periods(user, strategy)
    return None if visible is None else frozenset(Quarter.parse(p) for p in visible)


def latest_period(strategy, user=None):
    """The latest quarter the user may see: for the public the latest published quarter, for
    everyone else the latest quarter with any measurement (or published). None if there is none."""
    quarters = strategy_quarters(strategy)
    visible = visible_quarters(user, strategy)
    if visible is not None:
        candidates = [q for q in visible if quarters[0] <= q <= quarters[-1]]
        return max(candidates, default=None)
    latest = Measurement.objects.filter(
        indicator__outcome__theme__strategy=strategy, period__gte=str(quarters[0]), period__lte=str(quarters[-1])
    ).aggregate(latest=Max("period"))["latest"]
    published = [q for q in published_periods(strategy) if quarters[0] <= q <= quarters[-1]]
    found = [Quarter.parse(latest)] if latest else []
    return max(found + published, default=None)


def period_choices(strategy, user=None, *, latest=None):
    """[(Quarter, published?)] the user may choose between, most recent first: the public's
    published quarters; for everyone else every quarter from the start to the latest with data."""
    published = published_periods(strategy)
    visible = visible_quarters(user, strategy)
    quarters = strategy_quarters(strategy)
    if visible is not None:
        shown = [q for q in quarters if q in visible]
    else:
        latest = latest or latest_period(strategy)
        shown = [q for q in quarters if latest and q <= latest]
    return [(q, q in published) for q in reversed(shown)]


def filter_choices(strategy, user):
    """([(slug, name)] of the themes, [(slug, name)] of the bodies leading themes or indicators
    that `user` may see) for the dashboard's filters."""
    themes = [(t.slug, t.name) for t in Theme.objects.filter(strategy=strategy).order_by("position", "name")]
    bodies = body_policy.visible(user, Body.objects.filter(
        Q(led_themes__strategy=strategy) | Q(led_indicators__outcome__theme__strategy=strategy)
    )).distinct().order_by("name")
    return themes, [(b.slug, b.name) for b in bodies]


def shown_body_for(user):
    """body -> the body if `user` may see it, else None; `user=None` is the internal view (the
    report), which shows every body. A private lead body's name stays private."""
    can_view = (lambda body: True) if user is None else body_policy.view_test(user)
    return lambda body: body if body is not None and can_view(body) else None


# Milestones ----------------------------------------------------------------------------------


def milestones_judged_on(period):
    """Milestones are judged at the quarter's end, or today for a quarter still running."""
    return min(period.end, timezone.localdate())


def milestone_done(milestone, as_at):
    return milestone.done_on is not None and milestone.done_on <= as_at


def milestone_overdue(milestone, as_at):
    """Due on or before `as_at` and not done by then."""
    return milestone.due <= as_at and not milestone_done(milestone, as_at)


# One indicator -------------------------------------------------------------------------------


@dataclass
class QuarterRow:
    period: Quarter
    value: Decimal | None
    note: str
    expected: Decimal
    target: Decimal | None  # a target set for this very quarter
    rag: RAG
    published: bool
    corrections: list
    entered_by: object = None
    entered_at: datetime.datetime | None = None
    unit: str = ""

    @property
    def value_display(self):
        return format_number(self.value, self.unit)

    @property
    def expected_display(self):
        return format_number(self.expected, self.unit)

    @property
    def target_display(self):
        return format_number(self.target, self.unit)


@dataclass
class MilestoneRow:
    milestone: Milestone
    done: bool
    overdue: bool


@dataclass
class IndicatorDetail:
    indicator: Indicator
    strategy: CommunityStrategy
    latest: Quarter | None
    public_view: bool
    shows_corrections: bool
    rows: list  # QuarterRow, oldest first
    targets: list  # [(Quarter, value, display)]
    milestones: list  # MilestoneRow
    as_at: datetime.date | None
    lead_body: Body | None = None  # lead_body_of, if the user may see it

    @property
    def theme(self):
        return self.indicator.outcome.theme

    @property
    def outcome(self):
        return self.indicator.outcome

    @property
    def current(self):
        return self.rows[-1] if self.rows else None

    @property
    def baseline_display(self):
        return format_number(self.indicator.baseline_value, self.indicator.unit)

    @cached_property
    def chart(self):
        i = self.indicator
        trajectory = [(row.period, row.expected) for row in self.rows]
        # Carry the line on to the targets after the last quarter shown.
        last = self.rows[-1].period if self.rows else Quarter.containing(i.baseline_date)
        trajectory += [(q, v) for q, v, _ in self.targets if q > last]
        return history_chart_svg(
            [(row.period, row.value) for row in self.rows], {q: v for q, v, _ in self.targets}, i.baseline_value,
            trajectory=trajectory, rags={row.period: row.rag for row in self.rows},
            title=f"{i.code} {i.name}: values by quarter against the target", unit=i.unit,
        )


def indicator_detail(*, code, user):
    """One indicator's history by quarter (the quarters the user may see, up to the latest),
    with targets and milestones; corrections only for those who may enter its measurements."""
    corrections = MeasurementCorrection.objects.select_related("previously_entered_by", "corrected_by")
    indicator = (
        Indicator.objects.select_related(
            "outcome__theme__strategy", "outcome__theme__lead_body", "lead_body", "lead_organisation"
        )
        .filter(code=code)
        .first()
    )
    if indicator is None:
        raise Http404("No such indicator.")
    strategy = indicator.outcome.theme.strategy
    shows_corrections = user is not None and user.is_authenticated and performance_policy.can_enter_measurements(user, indicator)
    visible = visible_quarters(user, strategy)
    latest = latest_period(strategy, user)
    published = published_periods(strategy)
    quarters = [q for q in strategy_quarters(strategy) if latest and q <= latest and (visible is None or q in visible)]

    measurements = Measurement.objects.filter(indicator=indicator, period__in=[str(q) for q in quarters]).select_related("entered_by")
    if shows_corrections:
        measurements = measurements.prefetch_related(Prefetch("corrections", queryset=corrections.order_by("-corrected_at")))
    by_period = {Quarter.parse(m.period): m for m in measurements}
    for m in by_period.values() if shows_corrections else ():
        for correction in m.corrections.all():
            correction.previous_display = format_number(correction.previous_value, indicator.unit)
    targets = {Quarter.parse(t.period): t.value for t in indicator.targets.all()}
    common = dict(
        direction=indicator.direction, baseline_value=indicator.baseline_value,
        baseline_date=indicator.baseline_date, targets=targets, tolerance=strategy.amber_tolerance,
    )
    rows = []
    for q in quarters:
        m = by_period.get(q)
        rows.append(QuarterRow(
            period=q, value=m.value if m else None, note=m.note if m else "",
            expected=expected_value(baseline_value=indicator.baseline_value, baseline_date=indicator.baseline_date, targets=targets, period=q),
            target=targets.get(q), rag=indicator_rag(value=m.value if m else None, period=q, **common),
            published=q in published, corrections=list(m.corrections.all()) if (m and shows_corrections) else [],
            entered_by=m.entered_by if (m and shows_corrections) else None,
            entered_at=m.entered_at if (m and shows_corrections) else None, unit=indicator.unit,
        ))
    as_at = milestones_judged_on(latest) if latest else None
    milestone_rows = [
        MilestoneRow(
            milestone=m,
            done=bool(as_at and milestone_done(m, as_at)),
            overdue=bool(as_at and milestone_overdue(m, as_at)),
        )
        for m in indicator.milestones.order_by("due", "pk")
    ]
    return IndicatorDetail(
        indicator=indicator, strategy=strategy, latest=latest, public_view=visible is not None,
        shows_corrections=shows_corrections, rows=rows,
        targets=[(q, v, format_number(v, indicator.unit)) for q, v in sorted(targets.items())],
        milestones=milestone_rows, as_at=as_at,
        lead_body=shown_body_for(user)(lead_body_of(indicator, indicator.outcome.theme)),
    )


# Data entry ----------------------------------------------------------------------------------


def entry_grid(*, user, strategy, period, theme=None):
    """[(indicator, measurement or None)] the user may enter for `period`, in the order of the
    dashboard, optionally for one theme."""
    indicators = performance_policy.enterable_indicators(
        user, Indicator.objects.filter(outcome__theme__strategy=strategy)
    ).select_related("outcome__theme", "lead_body")
    if theme is not None:
        indicators = indicators.filter(outcome__theme=theme)
    indicators = sorted(indicators, key=lambda i: (
        i.outcome.theme.position, i.outcome.theme.name, i.outcome.position, i.outcome.pk, code_order(i)
    ))
    measurements = {
        m.indicator_id: m
        for m in Measurement.objects.filter(indicator__in=[i.pk for i in indicators], period=str(Quarter.parse(period)))
    } if indicators else {}
    return [(indicator, measurements.get(indicator.pk)) for indicator in indicators]


def enterable_themes(*, user, strategy):
    """Themes with at least one indicator the user may enter."""
    enterable = performance_policy.enterable_indicators(user, Indicator.objects.filter(outcome__theme__strategy=strategy))
    return list(Theme.objects.filter(strategy=strategy, outcomes__indicators__in=enterable).distinct().order_by("position", "name"))


def entry_quarters(strategy):
    """Quarters open to data entry: the strategy's, up to the one running today."""
    today = Quarter.containing(timezone.localdate())
    return [q for q in strategy_quarters(strategy) if q <= today]

