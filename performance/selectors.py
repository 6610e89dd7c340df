"""Reads for the performance pages and the quarterly report.

`scorecard` is the one read of a strategy's quarter: every page and the PDF report take their
statuses from it, so they always agree. It costs a fixed number of queries whatever the number
of themes, indicators and measurements (everything is fetched in a few flat queries and put
together in Python), and it shows a user only the quarters `performance_policy.visible_periods`
allows: the public sees published quarters only, and never learns an unpublished value, not
even as a trend point, a "previous" value or a milestone date.
"""

import datetime
import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
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

from .charts import format_number, history_chart_svg, rag_history_svg, sparkline_svg
from .models import (
    CommunityStrategy,
    Indicator,
    Measurement,
    MeasurementCorrection,
    Milestone,
    Outcome,
    Risk,
    Target,
    Theme,
    lead_body_of,
)
from .periods import Quarter, quarters_between
from .policy import performance_policy
from .rag import (
    RAG,
    SEVERITY,
    RollUp,
    expected_value,
    indicator_rag,
    is_worse,
    risk_heat_map,
    risk_rag,
    rollup,
    target_in_force,
    top_risks,
)

# Quarters of a theme's status history drawn beside its name on the dashboard: two years.
THEME_HISTORY_QUARTERS = 8


class PeriodNotVisible(PermissionDenied):
    """The user asked for a quarter they may not see (the public and an unpublished quarter)."""

    def __init__(self, period, latest=None):
        self.period, self.latest = period, latest
        super().__init__(f"The figures for {period} have not been published yet.")


def _quarter(value):
    return value if isinstance(value, Quarter) else Quarter.parse(value)


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


def _visible(user, strategy):
    """None (everything) or the frozenset of Quarters the user may see."""
    if user is None:
        return None
    visible = performance_policy.visible_periods(user, strategy)
    return None if visible is None else frozenset(Quarter.parse(p) for p in visible)


def latest_period(strategy, user=None):
    """The latest quarter the user may see: for the public the latest published quarter, for
    everyone else the latest quarter with any measurement (or published). None if there is none."""
    quarters = strategy_quarters(strategy)
    visible = _visible(user, strategy)
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
    visible = _visible(user, strategy)
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


def _shown_body(user):
    """body -> the body if `user` may see it, else None; `user=None` is the internal view (the
    report), which shows every body. A private lead body's name stays private."""
    can_view = (lambda body: True) if user is None else body_policy.view_test(user)
    return lambda body: body if body is not None and can_view(body) else None


# The scorecard -------------------------------------------------------------------------------



def _shown_in_unit(field_name):
    """A read-only property showing the named number formatted in the indicator's unit."""
    return property(lambda self: format_number(getattr(self, field_name), self.unit))

@dataclass
class IndicatorStatus:
    indicator: Indicator
    theme: Theme
    outcome: Outcome
    period: Quarter
    baseline: Decimal
    baseline_period: Quarter
    expected: Decimal
    target: Decimal | None  # the target in force: this quarter's, else the next one
    target_period: Quarter | None
    final_target: Decimal | None
    final_target_period: Quarter | None
    value: Decimal | None
    note: str
    previous_value: Decimal | None
    rag: RAG
    previous_rag: RAG | None  # None: no previous quarter to compare with (or not visible)
    trend: list  # [(Quarter, value or None)] over the strategy's visible quarters up to `period`
    milestones: list
    overdue_milestones: list
    lead_body: Body | None = None  # lead_body_of, if the user may see it

    @property
    def code(self):
        return self.indicator.code

    @property
    def name(self):
        return self.indicator.name

    @property
    def unit(self):
        return self.indicator.unit

    @property
    def direction(self):
        return self.indicator.direction

    @property
    def worsened(self):
        return is_worse(self.rag, self.previous_rag)

    @property
    def url(self):
        return indicator_url(self.indicator.code)

    value_display = _shown_in_unit("value")
    expected_display = _shown_in_unit("expected")
    target_display = _shown_in_unit("target")
    final_target_display = _shown_in_unit("final_target")
    baseline_display = _shown_in_unit("baseline")
    previous_value_display = _shown_in_unit("previous_value")

    @cached_property
    def sparkline(self):
        return self._sparkline()

    @cached_property
    def print_sparkline(self):
        return self._sparkline(for_print=True)

    def _sparkline(self, for_print=False):
        return sparkline_svg(self.trend, title=f"{self.code} trend to {self.period}", unit=self.unit, rag=self.rag,
                             for_print=for_print)


@dataclass
class RiskStatus:
    risk: Risk
    score: int
    rag: RAG
    ref: str = ""  # "R1", "R2"... in the theme's order of scores, as the risk matrix labels them

    @property
    def description(self):
        return self.risk.description

    @property
    def likelihood(self):
        return self.risk.likelihood

    @property
    def impact(self):
        return self.risk.impact

    @property
    def review_date(self):
        return self.risk.review_date


@dataclass
class OutcomeStatus:
    outcome: Outcome
    rag: RAG
    indicators: list
    summary: RollUp | None = None  # the roll-up: status and indicators without data

    @property
    def title(self):
        return self.outcome.title


@dataclass
class ThemeStatus:
    theme: Theme
    rag: RAG
    outcomes: list
    risks: list
    top_risks: list
    lead_body: Body | None = None  # the theme's, if the user may see it
    summary: RollUp | None = None  # the roll-up: status and indicators without data
    risk_map: list = field(default_factory=list)  # rag.risk_heat_map of `risks`
    history: list = field(default_factory=list)  # [(Quarter, RollUp)], oldest first, up to the period

    @property
    def name(self):
        return self.theme.name

    @cached_property
    def history_chart(self):
        return rag_history_svg(self.history, title=f"{self.theme.name}: status by quarter")

    @cached_property
    def print_history_chart(self):
        return rag_history_svg(self.history, title=f"{self.theme.name}: status by quarter", for_print=True)

    @property
    def indicators(self):
        return [row for outcome in self.outcomes for row in outcome.indicators]


class ExceptionKind:
    RED = "red"
    WORSE = "worse"
    NO_DATA = "no_data"
    MILESTONE_OVERDUE = "milestone_overdue"


@dataclass
class ExceptionItem:
    """One line of the quarter's exceptions: an indicator (with every reason it is one) or an
    overdue milestone."""

    theme: Theme
    outcome: Outcome
    indicator: IndicatorStatus
    kinds: list
    reasons: list
    milestone: Milestone | None = None


@dataclass
class Scorecard:
    strategy: CommunityStrategy
    period: Quarter
    published: bool
    public_view: bool  # True when the user sees published quarters only
    themes: list
    exceptions: list
    filters: dict = field(default_factory=dict)
    theme_choices: list = field(default_factory=list)  # [(slug, name)] of every theme
    body_choices: list = field(default_factory=list)  # [(slug, name)] of every lead body

    @property
    def indicators(self):
        return [row for theme in self.themes for row in theme.indicators]

    @property
    def rag_counts(self):
        counts = Counter(row.rag for row in self.indicators)
        return [(rag, counts.get(rag, 0)) for rag in (RAG.GREEN, RAG.AMBER, RAG.RED, RAG.NO_DATA)]


def _as_at(period):
    """Milestones are judged at the quarter's end, or today for a quarter still running."""
    return min(period.end, timezone.localdate())


def milestone_done(milestone, as_at):
    return milestone.done_on is not None and milestone.done_on <= as_at


def milestone_overdue(milestone, as_at):
    """Due on or before `as_at` and not done by then."""
    return milestone.due <= as_at and not milestone_done(milestone, as_at)


def _matches(value, obj):
    """A filter value (a model instance, a pk or a slug) against an object (or None)."""
    if value in (None, ""):
        return True
    if obj is None:
        return False
    if hasattr(value, "pk"):
        return value.pk == obj.pk
    return str(value) in (str(obj.pk), obj.slug)


def scorecard(*, strategy, period, user=None, theme=None, body=None, rag=None):
    """The strategy's themes, outcomes, indicators, risks and exceptions for `period`.

    `user=None` is the full internal view (the report). For a user who sees published quarters
    only, an unpublished `period` raises PeriodNotVisible (carrying the latest published
    quarter), and unpublished quarters are absent from trends and comparisons.
    Filters narrow what is listed (indicators of that theme; led by that body or in a theme it
    leads; with that status); statuses of outcomes and themes always roll up from all their
    indicators, whatever is listed."""
    period = _quarter(period)
    quarters = strategy_quarters(strategy)
    visible = _visible(user, strategy)
    published = published_periods(strategy)
    if visible is not None and period not in visible:
        raise PeriodNotVisible(period, latest=max((q for q in visible if q in quarters), default=None))
    shown_quarters = [q for q in quarters if q <= period and (visible is None or q in visible)]
    rag = RAG(rag) if rag else None

    themes = list(Theme.objects.filter(strategy=strategy).select_related("lead_body").order_by("position", "name"))
    outcomes = defaultdict(list)
    for outcome in Outcome.objects.filter(theme__strategy=strategy).order_by("position", "pk"):
        outcomes[outcome.theme_id].append(outcome)
    indicators = defaultdict(list)
    for indicator in sorted(Indicator.objects.filter(outcome__theme__strategy=strategy).select_related("lead_body"), key=code_order):
        indicators[indicator.outcome_id].append(indicator)
    targets = defaultdict(dict)
    for target in Target.objects.filter(indicator__outcome__theme__strategy=strategy).only("indicator_id", "period", "value"):
        targets[target.indicator_id][Quarter.parse(target.period)] = target.value
    milestones = defaultdict(list)
    for milestone in Milestone.objects.filter(indicator__outcome__theme__strategy=strategy).order_by("due", "pk"):
        milestones[milestone.indicator_id].append(milestone)
    values = defaultdict(dict)
    measurements = Measurement.objects.filter(
        indicator__outcome__theme__strategy=strategy, period__in=[str(q) for q in shown_quarters]
    ).only("indicator_id", "period", "value", "note")
    for measurement in measurements:
        values[measurement.indicator_id][Quarter.parse(measurement.period)] = measurement
    risks = defaultdict(list)
    for risk in Risk.objects.filter(theme__strategy=strategy).select_related("owner"):
        risks[risk.theme_id].append(risk)
    for risk in Risk.objects.filter(outcome__theme__strategy=strategy, theme__isnull=True).select_related("owner", "outcome"):
        risks[risk.outcome.theme_id].append(risk)

    shown_body = _shown_body(user)
    as_at = _as_at(period)
    previous = period.previous()
    has_previous = previous in shown_quarters

    def status_of(indicator, theme, outcome):
        own = values.get(indicator.pk, {})
        its_targets = targets.get(indicator.pk, {})
        common = dict(
            direction=indicator.direction, baseline_value=indicator.baseline_value,
            baseline_date=indicator.baseline_date, targets=its_targets, tolerance=strategy.amber_tolerance,
        )
        current, before = own.get(period), own.get(previous) if has_previous else None
        in_force = target_in_force(baseline_date=indicator.baseline_date, targets=its_targets, period=period)
        final = max(its_targets.items(), default=None)
        its_milestones = milestones.get(indicator.pk, [])
        return IndicatorStatus(
            indicator=indicator, theme=theme, outcome=outcome, period=period,
            baseline=indicator.baseline_value, baseline_period=Quarter.containing(indicator.baseline_date),
            expected=expected_value(baseline_value=indicator.baseline_value, baseline_date=indicator.baseline_date,
                                    targets=its_targets, period=period),
            target=in_force[1] if in_force else None, target_period=in_force[0] if in_force else None,
            final_target=final[1] if final else None, final_target_period=final[0] if final else None,
            value=current.value if current else None, note=current.note if current else "",
            previous_value=before.value if before else None,
            rag=indicator_rag(value=current.value if current else None, period=period, **common),
            previous_rag=indicator_rag(value=before.value if before else None, period=previous, **common) if has_previous else None,
            trend=[(q, own[q].value if q in own else None) for q in shown_quarters],
            milestones=its_milestones,
            overdue_milestones=[m for m in its_milestones if milestone_overdue(m, as_at)],
            lead_body=shown_body(lead_body_of(indicator, theme)),
        )

    def listed(row):
        return (
            (rag is None or row.rag == rag)
            and (body in (None, "") or _matches(body, row.lead_body) or _matches(body, shown_body(row.theme.lead_body)))
        )

    history_quarters = shown_quarters[-THEME_HISTORY_QUARTERS:]

    def history_of(rows):
        """The theme's roll-up in each of the last quarters shown, from the values already read
        (this quarter's and the last one's statuses are the rows' own)."""
        history = []
        for q in history_quarters:
            statuses = []
            for row in rows:
                if q == period or (q == previous and row.previous_rag is not None):
                    statuses.append(row.rag if q == period else row.previous_rag)
                    continue
                indicator = row.indicator
                measurement = values.get(indicator.pk, {}).get(q)
                statuses.append(RAG.NO_DATA if measurement is None else indicator_rag(
                    direction=indicator.direction, baseline_value=indicator.baseline_value,
                    baseline_date=indicator.baseline_date, targets=targets.get(indicator.pk, {}),
                    tolerance=strategy.amber_tolerance, value=measurement.value, period=q,
                ))
            history.append((q, rollup(statuses)))
        return history

    theme_rows, exceptions = [], []
    for theme_obj in themes:
        outcome_rows = []
        for outcome in outcomes.get(theme_obj.pk, []):
            rows = [status_of(indicator, theme_obj, outcome) for indicator in indicators.get(outcome.pk, [])]
            summary = rollup(r.rag for r in rows)
            outcome_rows.append(OutcomeStatus(outcome=outcome, rag=summary.rag, indicators=rows, summary=summary))
        theme_summary = rollup(r.rag for o in outcome_rows for r in o.indicators)
        risk_rows = [
            RiskStatus(risk=r, score=r.score, rag=risk_rag(r.score, amber_from=strategy.risk_amber_from, red_from=strategy.risk_red_from),
                       ref=f"R{n}")
            for n, r in enumerate(top_risks(risks.get(theme_obj.pk, []), n=None), start=1)
        ]
        if not _matches(theme, theme_obj):
            continue
        shown = []
        for outcome_row in outcome_rows:
            kept = [row for row in outcome_row.indicators if listed(row)]
            if kept or (rag is None and body in (None, "")):
                shown.append(OutcomeStatus(outcome=outcome_row.outcome, rag=outcome_row.rag, indicators=kept, summary=outcome_row.summary))
        if not shown and (rag is not None or body not in (None, "")):
            continue
        theme_rows.append(ThemeStatus(
            theme=theme_obj, rag=theme_summary.rag, outcomes=shown, risks=risk_rows, top_risks=risk_rows[:3],
            lead_body=shown_body(theme_obj.lead_body), summary=theme_summary,
            risk_map=risk_heat_map(risk_rows, amber_from=strategy.risk_amber_from, red_from=strategy.risk_red_from),
            history=history_of([row for o in outcome_rows for row in o.indicators]),
        ))
        for outcome_row in shown:
            for row in outcome_row.indicators:
                exceptions.extend(_exceptions_of(row))

    exceptions.sort(key=lambda e: (
        e.theme.position, e.theme.name, e.milestone is not None, -SEVERITY[e.indicator.rag], code_order(e.indicator.indicator),
    ))
    lead_bodies = {b.pk: b for t in themes for b in [shown_body(t.lead_body)] if b}
    lead_bodies.update({b.pk: b for rows in indicators.values() for i in rows for b in [shown_body(i.lead_body)] if b})
    return Scorecard(
        strategy=strategy, period=period, published=period in published, public_view=visible is not None,
        themes=theme_rows, exceptions=exceptions,
        filters={"theme": theme, "body": body, "rag": rag},
        theme_choices=[(t.slug, t.name) for t in themes],
        body_choices=sorted(((b.slug, b.name) for b in lead_bodies.values()), key=lambda c: c[1]),
    )


def _exceptions_of(row):
    """The quarter's exceptions for one indicator: red, turned worse, no data; overdue milestones."""
    kinds, reasons = [], []
    if row.rag == RAG.RED:
        kinds.append(ExceptionKind.RED)
        reasons.append(f"Red – off track: {row.value_display} against {row.expected_display} expected by {row.period}")
    if row.rag == RAG.NO_DATA:
        kinds.append(ExceptionKind.NO_DATA)
        reasons.append(f"No data for {row.period}")
    if row.worsened:
        kinds.append(ExceptionKind.WORSE)
        reasons.append(f"Worse than last quarter: {row.previous_rag.short_label.lower()} to {row.rag.short_label.lower()}")
    items = []
    if kinds:
        items.append(ExceptionItem(theme=row.theme, outcome=row.outcome, indicator=row, kinds=kinds, reasons=reasons))
    for milestone in row.overdue_milestones:
        items.append(ExceptionItem(
            theme=row.theme, outcome=row.outcome, indicator=row, milestone=milestone,
            kinds=[ExceptionKind.MILESTONE_OVERDUE],
            reasons=[f"Milestone overdue: {milestone.title} (due {milestone.due:%-d %B %Y})"],
        ))
    return items


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
    visible = _visible(user, strategy)
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
    as_at = _as_at(latest) if latest else None
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
        lead_body=_shown_body(user)(lead_body_of(indicator, indicator.outcome.theme)),
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
        for m in Measurement.objects.filter(indicator__in=[i.pk for i in indicators], period=str(_quarter(period)))
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

