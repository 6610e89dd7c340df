"""performance.services: entering and correcting measurements, publishing quarters."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from performance.models import Measurement, MeasurementCorrection, PublishedQuarter
from performance.periods import Quarter
from performance.services import parse_value, publish_quarter, record_measurement, record_measurements
from tests.factories import StaffUserFactory, UserFactory
from tests.performance.factories import CommunityStrategyFactory, IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator():
    return IndicatorFactory(code="NI185", unit="tonnes CO2", direction="lower", baseline_value=Decimal(98500))


def test_a_new_measurement(indicator):
    officer = UserFactory()
    measurement = record_measurement(indicator=indicator, period="2009Q3", value=Decimal("92850"), note="Fleet figures", user=officer)
    assert measurement.change == "created"
    stored = Measurement.objects.get(indicator=indicator, period="2009Q3")
    assert (stored.value, stored.note, stored.entered_by) == (Decimal("92850"), "Fleet figures", officer)
    assert not MeasurementCorrection.objects.exists()


def test_a_correction_keeps_the_old_value_in_history(indicator):
    first, second = UserFactory(), StaffUserFactory()
    record_measurement(indicator=indicator, period=Quarter(2009, 3), value=Decimal("92850"), note="Provisional", user=first)
    corrected = record_measurement(indicator=indicator, period="2009Q3", value="93,120.5", note="Validated", user=second)

    assert corrected.change == "corrected"
    stored = Measurement.objects.get(indicator=indicator, period="2009Q3")
    assert (stored.value, stored.note, stored.entered_by) == (Decimal("93120.5"), "Validated", second)
    [history] = stored.corrections.all()
    assert (history.previous_value, history.previous_note, history.previously_entered_by, history.corrected_by) == (
        Decimal("92850"), "Provisional", first, second,
    )
    assert history.previously_entered_at is not None


def test_a_changed_note_alone_is_a_correction_too(indicator):
    record_measurement(indicator=indicator, period="2009Q3", value=1, note="", user=None)
    assert record_measurement(indicator=indicator, period="2009Q3", value=1, note="Source: DECC", user=None).change == "corrected"
    assert MeasurementCorrection.objects.count() == 1


def test_recording_the_same_value_again_changes_nothing(indicator):
    record_measurement(indicator=indicator, period="2009Q3", value=Decimal("92850"), note="Fleet", user=None)
    before = Measurement.objects.get().entered_at
    again = record_measurement(indicator=indicator, period="2009Q3", value="92850.000", note=" Fleet ", user=UserFactory())
    assert again.change == "unchanged"
    assert Measurement.objects.get().entered_at == before
    assert Measurement.objects.get().entered_by is None
    assert not MeasurementCorrection.objects.exists()


@pytest.mark.parametrize("period, message", [
    ("2008Q1", "2008Q1 is outside Community Strategy"),
    ("2011Q2", "2011Q2 is outside"),
    ("2009Q5", "'2009Q5' is not a quarter like 2009Q3"),
])
def test_a_period_outside_the_strategy_is_refused(indicator, period, message):
    with pytest.raises(ValidationError) as error:
        record_measurement(indicator=indicator, period=period, value=1, user=None)
    assert message in error.value.messages[0]
    assert not Measurement.objects.exists()


def test_a_quarter_not_yet_started_is_refused(indicator):
    next_quarter = Quarter.containing(datetime.date.today()).next()
    indicator.outcome.theme.strategy.period_end = next_quarter.end
    indicator.outcome.theme.strategy.save()
    with pytest.raises(ValidationError, match="has not started yet"):
        record_measurement(indicator=indicator, period=next_quarter, value=1, user=None)


@pytest.mark.parametrize("text, value", [
    ("1234.5", Decimal("1234.5")), ("1,234.5", Decimal("1234.5")), ("1,234,567", Decimal("1234567")),
    ("-3", Decimal("-3")), (" 0.25 ", Decimal("0.25")), (".5", Decimal("0.5")), ("+7", Decimal("7")),
])
def test_values_people_write(text, value):
    assert parse_value(text) == value


@pytest.mark.parametrize("text, message", [
    ("", "the value is missing"),
    ("12,5", "is not a number"),          # a decimal comma is not guessed at
    ("1,23", "is not a number"),
    ("abc", "is not a number"),
    ("NaN", "is not a number"),
    ("Infinity", "is not a number"),
    ("1e5", "is not a number"),
    ("45%", "without the % sign"),
    ("1.2345", "more than 3 decimal places"),
    ("123456789012", "too large"),
    ("-", "is not a number"),
])
def test_values_refused(text, message):
    with pytest.raises(ValueError, match=message):
        parse_value(text)


def test_a_grid_is_saved_all_or_nothing(indicator):
    other = IndicatorFactory(outcome=indicator.outcome)
    with pytest.raises(ValidationError) as error:
        record_measurements([(indicator, "2009Q3", Decimal(1), ""), (other, "2012Q1", Decimal(2), "")], user=None)
    assert error.value.messages == [f"{other.code}: 2012Q1 is outside {other.outcome.theme.strategy.name} (2008Q2 to 2011Q1)"]
    # Of this grid's indicators only: the suite's database is shared by the tests of one worker.
    assert not Measurement.objects.filter(indicator__in=[indicator, other]).exists()

    MeasurementFactory(indicator=other, period="2009Q3", value=Decimal(5))
    result = record_measurements([(indicator, "2009Q3", Decimal(1), ""), (other, "2009Q3", Decimal(6), "")], user=None)
    assert (result.created, result.corrected, result.unchanged) == (1, 1, 0)
    assert result.summary() == "created 1 measurement, corrected 1; unchanged 0"


def test_publishing_a_quarter_is_idempotent():
    strategy, staff = CommunityStrategyFactory(), StaffUserFactory()
    published = publish_quarter(strategy, "2009Q3", staff)
    assert (published.period, published.published_by) == ("2009Q3", staff)
    assert publish_quarter(strategy=strategy, period=Quarter(2009, 3), user=None).pk == published.pk
    assert PublishedQuarter.objects.count() == 1


@pytest.mark.parametrize("period, message", [("2007Q4", "outside"), ("2009Q9", "not a quarter")])
def test_publishing_outside_the_strategy_is_refused(period, message):
    with pytest.raises(ValidationError, match=message):
        publish_quarter(CommunityStrategyFactory(), period, None)
    assert not PublishedQuarter.objects.exists()


def test_one_lead_body_rule_its_own_else_its_themes():
    """lead_body_of and led_by_q (performance/models.py) are the one rule: an indicator's own
    lead body, else its theme's; an indicator with its own lead is not its theme's lead's."""
    from partnerships.models import Body
    from performance.models import Indicator, lead_body_of, led_by_q
    from tests.factories import BodyFactory

    from .factories import IndicatorFactory, OutcomeFactory, ThemeFactory

    theme_lead, own_lead = BodyFactory(name="Children's Trust"), BodyFactory(name="Safer Cumbria")
    outcome = OutcomeFactory(theme=ThemeFactory(lead_body=theme_lead))
    inherits = IndicatorFactory(outcome=outcome)
    own = IndicatorFactory(outcome=outcome, lead_body=own_lead)
    assert (lead_body_of(inherits), lead_body_of(own)) == (theme_lead, own_lead)
    for body in Body.objects.all():
        led = set(Indicator.objects.filter(led_by_q([body.pk])))
        assert led == {i for i in (inherits, own) if lead_body_of(i) == body}
