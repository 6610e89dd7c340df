"""Writes: measurements (one at a time, a quarter's grid, or a CSV file) and publishing quarters.

All three ways of entering measurements go through `_save_measurements`, so a correction is the
same wherever it is made: a changed value or note keeps the old one in MeasurementCorrection,
and an unchanged one writes nothing. The file format is in docs/formats.md, "Measurements file
(CSV)".
"""

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Upper
from django.utils import timezone

from config.csv_files import read_csv

from .models import Indicator, Measurement, MeasurementCorrection, PublishedQuarter
from .periods import Quarter
from .policy import performance_policy
from .selectors import strategy_quarters

MEASUREMENT_COLUMNS = ("indicator", "period", "value", "note")
HEADER = ",".join(MEASUREMENT_COLUMNS)
# Measurement.value is DecimalField(max_digits=14, decimal_places=3).
MAX_DECIMAL_PLACES = 3
MAX_WHOLE_DIGITS = 11
NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)?(\.\d+)?$")


# Values and periods ----------------------------------------------------------------------------


def parse_value(text):
    """A measurement's value from text: `1234.5`, `-3`, `0.25`, or with commas separating
    thousands (`1,234.5`, as spreadsheets write it). A comma anywhere else is an error rather
    than a guess (is `12,5` twelve and a half?). ValueError with a readable message otherwise."""
    text = str(text).strip()
    if not text:
        raise ValueError("the value is missing (leave the row out when there is no data)")
    if text.endswith("%"):
        raise ValueError(f"{text!r} is not a number: give it without the % sign (the unit is the indicator's)")
    if not NUMBER.match(text) or not re.search(r"\d", text):
        raise ValueError(f"{text!r} is not a number (write 1234.5 or 1,234.5; a comma may only separate thousands)")
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    exponent = value.as_tuple().exponent
    if -exponent > MAX_DECIMAL_PLACES:
        raise ValueError(f"{text!r} has more than {MAX_DECIMAL_PLACES} decimal places")
    if abs(value) >= Decimal(10) ** MAX_WHOLE_DIGITS:
        raise ValueError(f"{text!r} is too large")
    return value


def check_period(indicator, period):
    """The quarter as a Quarter if measurements may be entered for it: within the indicator's
    strategy and already started. ValueError with a readable message otherwise."""
    quarter = Quarter.parse(period)
    strategy = indicator.outcome.theme.strategy
    quarters = strategy_quarters(strategy)
    if not quarters[0] <= quarter <= quarters[-1]:
        raise ValueError(f"{quarter} is outside {strategy.name} ({quarters[0]} to {quarters[-1]})")
    if quarter.start > timezone.localdate():
        raise ValueError(f"{quarter} has not started yet")
    return quarter


# Saving ----------------------------------------------------------------------------------------


@dataclass
class SaveResult:
    created: int = 0
    corrected: int = 0
    unchanged: int = 0
    measurements: list = field(default_factory=list)
    dry_run: bool = False

    def summary(self):
        def n(count, word):
            return f"{count} {word}{'s' if count != 1 else ''}"

        changes = []
        if self.created:
            changes.append(f"created {n(self.created, 'measurement')}")
        if self.corrected:
            changes.append(f"corrected {self.corrected}")
        text = f"{', '.join(changes)}; unchanged {self.unchanged}" if changes else f"no changes; unchanged {self.unchanged}"
        return f"dry run, nothing written: {text}" if self.dry_run else text


def _save_measurements(entries, *, user):
    """Write [(indicator, Quarter, value, note)]: new ones are created; a changed value or note
    is a correction that keeps the old one; an unchanged one is left alone. Call inside a
    transaction with already-checked entries (one per indicator and quarter)."""
    result = SaveResult()
    if not entries:
        return result
    existing = {
        (m.indicator_id, m.period): m
        for m in Measurement.objects.select_for_update().filter(
            indicator_id__in={i.pk for i, *_ in entries}, period__in={str(q) for _, q, *_ in entries}
        )
    }
    now = timezone.now()
    new, changed, corrections = [], [], []
    for indicator, quarter, value, note in entries:
        note = (note or "").strip()
        measurement = existing.get((indicator.pk, str(quarter)))
        if measurement is None:
            measurement = Measurement(indicator=indicator, period=str(quarter), value=value, note=note, entered_by=user)
            measurement.full_clean(exclude=["indicator", "entered_by"], validate_unique=False, validate_constraints=False)
            new.append(measurement)
        elif measurement.value == value and measurement.note == note:
            result.unchanged += 1
        else:
            corrections.append(MeasurementCorrection(
                measurement=measurement, previous_value=measurement.value, previous_note=measurement.note,
                previously_entered_by_id=measurement.entered_by_id, previously_entered_at=measurement.entered_at,
                corrected_by=user,
            ))
            measurement.value, measurement.note, measurement.entered_by, measurement.entered_at = value, note, user, now
            measurement.full_clean(exclude=["indicator", "entered_by"], validate_unique=False, validate_constraints=False)
            changed.append(measurement)
        result.measurements.append(measurement)
    Measurement.objects.bulk_create(new, batch_size=500)
    MeasurementCorrection.objects.bulk_create(corrections, batch_size=500)
    Measurement.objects.bulk_update(changed, ["value", "note", "entered_by", "entered_at"], batch_size=500)
    result.created, result.corrected = len(new), len(changed)
    return result


def _save_atomically(entries, *, user, dry_run=False):
    try:
        with transaction.atomic():
            result = _save_measurements(entries, user=user)
            result.dry_run = dry_run
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError:
        # Two people entered the same new measurement at the same moment: the other one won.
        raise ValidationError(
            "Someone else entered some of these measurements at the same time. Nothing was saved: "
            "look at the figures again and resubmit."
        ) from None
    return result


def _value(value):
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    return parse_value(value)


def record_measurement(*, indicator, period, value, note="", user=None):
    """Enter or correct one indicator's value for a quarter; returns the Measurement, with
    `change` set to "created", "corrected" or "unchanged"."""
    try:
        quarter = check_period(indicator, period)
        value = _value(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    result = _save_atomically([(indicator, quarter, value, note)], user=user)
    measurement = result.measurements[0]
    measurement.change = "created" if result.created else "corrected" if result.corrected else "unchanged"
    return measurement


def record_measurements(entries, *, user):
    """A quarter's grid: [(indicator, period, value, note)] written together or not at all."""
    errors, checked = [], []
    for indicator, period, value, note in entries:
        try:
            checked.append((indicator, check_period(indicator, period), _value(value), note))
        except ValueError as error:
            errors.append(f"{indicator.code}: {error}")
    if errors:
        raise ValidationError(errors)
    return _save_atomically(checked, user=user)


# The measurements file -------------------------------------------------------------------------


@dataclass
class MeasurementRow:
    line: int
    indicator: str
    period: str
    value: str
    note: str
    problem: str = ""  # a row of the wrong shape, reported with the others' problems


def read_measurement_rows(stream):
    """The rows of a measurements CSV file (text or bytes) with their line numbers. A file that
    cannot be read as one (not UTF-8, not CSV, wrong header, empty) raises ValidationError."""
    rows = [
        MeasurementRow(line=line, **values) if values else
        MeasurementRow(line=line, indicator="", period="", value="", note="", problem=problem)
        for line, values, problem in read_csv(stream, columns=MEASUREMENT_COLUMNS)
    ]
    if not rows:
        raise ValidationError(["line 2: the file has no measurements after the header"])
    return rows


def import_measurements(source, *, user=None, dry_run=False):
    """Import a measurements file (a path, the CSV text, a stream, or rows from
    read_measurement_rows): every row is
    checked first and, if any is wrong, nothing is written and ValidationError lists every
    problem as "line N: ..."; otherwise all rows are written in one transaction. With `user`,
    only indicators that user may enter are accepted (the browser upload); without, any (the
    command)."""
    if isinstance(source, (str, Path)) and "\n" not in str(source):
        with open(source, "rb") as stream:
            rows = read_measurement_rows(stream)
    elif isinstance(source, str):
        rows = read_measurement_rows(io.StringIO(source))
    else:
        rows = read_measurement_rows(source) if hasattr(source, "read") else list(source)
    codes = {row.indicator.upper() for row in rows if row.indicator}
    indicators = Indicator.objects.select_related("outcome__theme__strategy")
    # Codes are matched ignoring case: `ni185` is NI185.
    by_code = {i.code.upper(): i for i in indicators.annotate(code_upper=Upper("code")).filter(code_upper__in=codes)} if codes else {}
    allowed = None
    if user is not None:
        allowed = set(
            performance_policy.enterable_indicators(user, Indicator.objects.filter(pk__in=[i.pk for i in by_code.values()]))
            .values_list("pk", flat=True)
        )

    errors, entries, seen = [], [], {}
    for row in rows:
        if row.problem:
            errors.append(f"line {row.line}: {row.problem}")
            continue
        problems = []
        indicator = by_code.get(row.indicator.upper()) if row.indicator else None
        if not row.indicator:
            problems.append("the indicator code is missing")
        elif indicator is None:
            problems.append(f"unknown indicator {row.indicator!r}")
        elif allowed is not None and indicator.pk not in allowed:
            problems.append(f"you may not enter measurements for {indicator.code}")
            indicator = None
        quarter = None
        if not row.period:
            problems.append("the period is missing (a quarter like 2009Q3)")
        else:
            try:
                quarter = Quarter.parse(row.period)
                if indicator is not None:
                    check_period(indicator, quarter)
            except ValueError as error:
                problems.append(str(error))
                quarter = None
        try:
            value = parse_value(row.value)
        except ValueError as error:
            problems.append(str(error))
            value = None
        if indicator is not None and quarter is not None:
            key = (indicator.pk, quarter)
            if key in seen:
                problems.append(f"{indicator.code} {quarter} is already given on line {seen[key]}")
            else:
                seen[key] = row.line
        if problems:
            errors.extend(f"line {row.line}: {problem}" for problem in problems)
        else:
            entries.append((indicator, quarter, value, row.note))
    if errors:
        raise ValidationError(errors)
    return _save_atomically(entries, user=user, dry_run=dry_run)


# Publishing ------------------------------------------------------------------------------------


def publish_quarter(strategy, period, user=None):
    """Make a checked quarter's figures public. Publishing a published quarter changes nothing."""
    try:
        quarter = Quarter.parse(period)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    quarters = strategy_quarters(strategy)
    if not quarters[0] <= quarter <= quarters[-1]:
        raise ValidationError(f"{quarter} is outside {strategy.name} ({quarters[0]} to {quarters[-1]}).")
    if quarter.start > timezone.localdate():
        raise ValidationError(f"{quarter} has not started yet: there is nothing to publish.")
    with transaction.atomic():
        published = PublishedQuarter.objects.filter(strategy=strategy, period=str(quarter)).first()
        if published is not None:
            return published
        published = PublishedQuarter(strategy=strategy, period=str(quarter), published_by=user)
        published.full_clean(exclude=["strategy", "published_by"], validate_unique=False, validate_constraints=False)
        published.save()
    return published
