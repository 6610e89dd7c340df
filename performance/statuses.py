"""The rows of a scorecard (performance/scorecard.py): an indicator's, a risk's, an outcome's and
a theme's status in a quarter, the quarter's exceptions, and the scorecard itself. Plain data
with the formatting the pages and the PDF share (numbers in the indicator's unit, charts)."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from partnerships.models import Body

from .charts import format_number, rag_history_svg, sparkline_svg
from .models import CommunityStrategy, Indicator, Milestone, Outcome, Risk, Theme
from .periods import Quarter
from .rag import RAG, RollUp, is_worse
from .selectors import indicator_url


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
        return self._history_chart()

    @cached_property
    def print_history_chart(self):
        return self._history_chart(for_print=True)

    def _history_chart(self, for_print=False):
        return rag_history_svg(self.history, title=f"{self.theme.name}: status by quarter", for_print=for_print)

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
