"""Factories for the performance app (shared by every performance test module: add, don't copy)."""

import datetime
from decimal import Decimal

import factory
from django.utils.text import slugify

from performance.models import (
    CommunityStrategy,
    Indicator,
    Measurement,
    Milestone,
    Outcome,
    PerformanceReport,
    PublishedQuarter,
    Risk,
    Target,
    Theme,
)
from tests.factories import BodyFactory


class CommunityStrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityStrategy
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Community Strategy {n}")
    slug = factory.Sequence(lambda n: f"community-strategy-{n}")
    partnership = factory.SubFactory(BodyFactory, kind="forum")
    period_start = datetime.date(2008, 4, 1)
    period_end = datetime.date(2011, 3, 31)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    strategy = factory.SubFactory(CommunityStrategyFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    position = factory.Sequence(lambda n: n)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    theme = factory.SubFactory(ThemeFactory)
    title = factory.Sequence(lambda n: f"Outcome {n}")
    position = factory.Sequence(lambda n: n)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    outcome = factory.SubFactory(OutcomeFactory)
    code = factory.Sequence(lambda n: f"NI{100 + n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "%"
    direction = "higher"
    baseline_value = Decimal("50")
    baseline_date = datetime.date(2008, 4, 1)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    period = "2011Q1"
    value = Decimal("60")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    indicator = factory.SubFactory(IndicatorFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due = datetime.date(2009, 9, 30)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    period = "2009Q3"
    value = Decimal("55")


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    theme = factory.SubFactory(ThemeFactory)
    description = factory.Sequence(lambda n: f"Risk {n}")
    likelihood = 3
    impact = 3


class PublishedQuarterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublishedQuarter

    strategy = factory.SubFactory(CommunityStrategyFactory)
    period = "2009Q2"


class PerformanceReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerformanceReport

    strategy = factory.SubFactory(CommunityStrategyFactory)
    period = "2009Q3"


# Seed 001's five Thematic Partnerships, with an outcome and indicators each.
CUMBRIA_THEMES = [
    ("Children and Young People", "Every child achieves their potential", [
        ("NI117", "16 to 18 year olds not in education, employment or training", "%", "lower", "8.1", "6.5"),
        ("NI110", "Young people's participation in positive activities", "%", "higher", "62", "70"),
    ]),
    ("Cumbria Vision", "A prosperous economy", [
        ("NI151", "Overall employment rate", "%", "higher", "76.0", "78.0"),
        ("NI171", "New business registration rate", "per 10,000 adults", "higher", "52", "60"),
    ]),
    ("Environment", "A low-carbon county", [
        ("NI186", "Per capita CO2 emissions", "tonnes CO2", "lower", "9.0", "8.0"),
        ("NI192", "Household waste reused, recycled or composted", "%", "higher", "38", "45"),
    ]),
    ("Health, Care and Older People", "Healthier, longer lives", [
        ("NI120", "All-age all-cause mortality rate", "per 100,000", "lower", "650", "600"),
        ("NI139", "Older people receiving the support they need to live independently", "%", "higher", "30", "40"),
    ]),
    ("Safer and Stronger Communities", "Safer neighbourhoods", [
        ("NI015", "Serious violent crime rate", "per 1,000 people", "lower", "0.9", "0.7"),
        ("NI185", "CO2 reduction from local authority operations", "%", "higher", "0", "10"),
    ]),
]


def cumbria_strategy(*, period="2009Q3", recipients=()):
    """A demo-like strategy (seed 001's themes) with a year and a half of returns up to `period`:
    on-track indicators, one red (NI117), one worse than last quarter (NI151, green to amber),
    one without a figure for the quarter (NI139), an overdue milestone and risks."""
    strategy = CommunityStrategyFactory(
        name="Cumbria Community Strategy 2008-2011", slug="cumbria-community-strategy",
        partnership=BodyFactory(name="Cumbria Strategic Partnership", kind="forum"),
    )
    strategy.report_recipients.set(recipients)
    quarters = ["2008Q2", "2008Q3", "2008Q4", "2009Q1", "2009Q2", "2009Q3"]
    quarters = quarters[: quarters.index(period) + 1]
    for position, (theme_name, outcome_title, indicators) in enumerate(CUMBRIA_THEMES):
        theme = ThemeFactory(strategy=strategy, name=theme_name, slug=slugify(theme_name), position=position,
                             lead_body=BodyFactory(name=f"{theme_name} Partnership"))
        outcome = OutcomeFactory(theme=theme, title=outcome_title, position=0)
        RiskFactory(theme=theme, description=f"Funding for {theme_name.lower()} work is cut", likelihood=4, impact=4,
                    mitigation="Seek match funding through the LAA reward grant.")
        RiskFactory(theme=theme, description="Partners' data arrives late", likelihood=2, impact=3)
        for code, name, unit, direction, baseline, target in indicators:
            indicator = IndicatorFactory(
                outcome=outcome, code=code, name=name, unit=unit, direction=direction,
                baseline_value=Decimal(baseline), baseline_date=datetime.date(2008, 4, 1),
            )
            TargetFactory(indicator=indicator, period="2011Q1", value=Decimal(target))
            step = (Decimal(target) - Decimal(baseline)) / 11
            for i, quarter in enumerate(quarters):
                value = Decimal(baseline) + step * (i + 1)  # a little ahead of the trajectory
                if code == "NI117" and quarter >= "2009Q1":
                    value = Decimal(baseline) + Decimal("1.5")  # rising NEETs: red
                if code == "NI151" and quarter == period:
                    value = Decimal(baseline) + step * i - (Decimal(target) - Decimal(baseline)) * Decimal("0.05")
                if code == "NI139" and quarter == period:
                    continue  # no return this quarter
                MeasurementFactory(indicator=indicator, period=quarter, value=value.quantize(Decimal("0.001")))
            if code == "NI192":
                MilestoneFactory(indicator=indicator, title="Kerbside glass collection in every district",
                                 due=datetime.date(2009, 6, 30))
                MilestoneFactory(indicator=indicator, title="Recycling centre opening hours agreed",
                                 due=datetime.date(2009, 3, 31), done_on=datetime.date(2009, 3, 2))
    return strategy


def indicator_with(*, values=None, targets=None, **fields):
    """An indicator with measurements ({"2009Q3": "55", ...}) and targets (likewise): the
    factories' defaults are 50 in March 2008, higher is better."""
    indicator = IndicatorFactory(**fields)
    for period, value in (targets or {}).items():
        TargetFactory(indicator=indicator, period=period, value=Decimal(value))
    for period, value in (values or {}).items():
        MeasurementFactory(indicator=indicator, period=period, value=Decimal(value))
    return indicator
