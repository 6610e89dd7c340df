"""The scorecard: the one read of a strategy's quarter. Every page and the PDF report take their
statuses from it, so they always agree. It costs a fixed number of queries whatever the number
of themes, indicators and measurements (everything is fetched in a few flat queries and put
together in Python), and it shows a user only the quarters `performance_policy.visible_periods`
allows: the public sees published quarters only, and never learns an unpublished value, not
even as a trend point, a "previous" value or a milestone date.
"""

from collections import defaultdict

from .models import Indicator, Measurement, Milestone, Outcome, Risk, Target, Theme, answerable_bodies, lead_body_of
from .periods import Quarter
from .rag import (
    RAG,
    SEVERITY,
    expected_value,
    indicator_rag,
    risk_heat_map,
    risk_rag,
    rollup,
    target_in_force,
    top_risks,
)
from .selectors import (
    PeriodNotVisible,
    code_order,
    milestone_overdue,
    milestones_judged_on,
    published_periods,
    shown_body_for,
    strategy_quarters,
    visible_quarters,
)
from .statuses import (
    ExceptionItem,
    ExceptionKind,
    IndicatorStatus,
    OutcomeStatus,
    RiskStatus,
    Scorecard,
    ThemeStatus,
)

# Quarters of a theme's status history drawn beside its name on the dashboard: two years.
THEME_HISTORY_QUARTERS = 8


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
    Filters narrow what is listed (indicators of that theme; that body answers for, as
    models.answerable_bodies says; with that status); statuses of outcomes and themes always roll up from all their
    indicators, whatever is listed."""
    period = Quarter.parse(period)
    quarters = strategy_quarters(strategy)
    visible = visible_quarters(user, strategy)
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

    shown_body = shown_body_for(user)
    as_at = milestones_judged_on(period)
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
            and (body in (None, "") or any(_matches(body, shown_body(b)) for b in answerable_bodies(row.indicator, row.theme)))
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
