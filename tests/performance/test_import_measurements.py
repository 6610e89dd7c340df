"""`manage.py import_measurements FILE.csv` and the service behind it (docs/formats.md,
"Measurements file (CSV)"): all or nothing, every bad row reported with its line number."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from performance.models import Measurement, MeasurementCorrection
from performance.services import import_measurements
from tests.factories import BodyFactory, UserFactory
from tests.performance.factories import IndicatorFactory, MeasurementFactory, OutcomeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

HEADER = "indicator,period,value,note\n"


@pytest.fixture
def indicators():
    theme = ThemeFactory()
    outcome = OutcomeFactory(theme=theme)
    return {
        code: IndicatorFactory(outcome=outcome, code=code)
        for code in ("NI185", "NI192", "NI195")
    }


def run(text):
    return import_measurements(io.BytesIO(text.encode()))


def errors_of(text, **kwargs):
    with pytest.raises(ValidationError) as error:
        import_measurements(io.BytesIO(text.encode()), **kwargs)
    return error.value.messages


def test_a_good_file_is_imported(indicators):
    result = run(HEADER + 'NI185,2009Q3,"92,850",Fleet figures\nNI192,2009Q3,41.6,\nni195,2009q2, 7.6 ,"Survey, tranche 2"\n')
    assert result.summary() == "created 3 measurements; unchanged 0"
    assert sorted(Measurement.objects.values_list("indicator__code", "period", "value", "note")) == [
        ("NI185", "2009Q3", Decimal("92850"), "Fleet figures"),
        ("NI192", "2009Q3", Decimal("41.6"), ""),
        ("NI195", "2009Q2", Decimal("7.6"), "Survey, tranche 2"),
    ]


def test_importing_the_same_file_again_changes_nothing(indicators):
    text = HEADER + "NI185,2009Q3,92850,Fleet\n"
    run(text)
    assert run(text).summary() == "no changes; unchanged 1"
    assert not MeasurementCorrection.objects.exists()


def test_a_row_for_an_existing_quarter_is_a_correction(indicators):
    MeasurementFactory(indicator=indicators["NI185"], period="2009Q3", value=Decimal("92850"), note="Provisional")
    assert run(HEADER + "NI185,2009Q3,93120,Validated\n").summary() == "corrected 1; unchanged 0"
    [history] = MeasurementCorrection.objects.all()
    assert (history.previous_value, history.previous_note) == (Decimal("92850"), "Provisional")
    assert Measurement.objects.get().value == Decimal("93120")


def test_byte_order_mark_and_blank_lines_are_fine(indicators):
    result = import_measurements(io.BytesIO(("\ufeff" + HEADER + "\nNI185,2009Q3,1,\n\n").encode("utf-8")))
    assert result.created == 1


BAD_FILE = HEADER + "\n".join([
    "NI185,2009Q3,92850,good row",     # line 2
    "NI999,2009Q3,1,",                 # line 3
    "NI192,2009Q5,1,",                 # line 4
    "NI192,2009Q3,lots,",              # line 5
    "NI195,2009Q3,,",                  # line 6
    "NI185,2009Q3,92851,",             # line 7: the same as line 2
    "NI192,2012Q1,40,",                # line 8
    "NI192,2009Q2,40",                 # line 9
    ",2009Q2,40,",                     # line 10
    "NI195,2009Q4,12%,",               # line 11
    "NI195,,12,",                      # line 12
]) + "\n"


def test_every_bad_row_is_reported_with_its_line_number_and_nothing_is_written(indicators):
    assert errors_of(BAD_FILE) == [
        "line 3: unknown indicator 'NI999'",
        "line 4: '2009Q5' is not a quarter like 2009Q3",
        "line 5: 'lots' is not a number (write 1234.5 or 1,234.5; a comma may only separate thousands)",
        "line 6: the value is missing (leave the row out when there is no data)",
        "line 7: NI185 2009Q3 is already given on line 2",
        f"line 8: 2012Q1 is outside {indicators['NI192'].outcome.theme.strategy.name} (2008Q2 to 2011Q1)",
        "line 9: expected 4 values (indicator,period,value,note), found 3",
        "line 10: the indicator code is missing",
        "line 11: '12%' is not a number: give it without the % sign (the unit is the indicator's)",
        "line 12: the period is missing (a quarter like 2009Q3)",
    ]
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("text, message", [
    ("", "line 1: the file is empty; the first line must be the header indicator,period,value,note"),
    ("code,quarter,value,note\nNI185,2009Q3,1,\n", "line 1: the header must be indicator,period,value,note (found code,quarter,value,note)"),
    ("indicator,period,value\nNI185,2009Q3,1\n", "line 1: the header must be indicator,period,value,note (found indicator,period,value)"),
    (HEADER, "line 2: the file has no measurements after the header"),
])
def test_a_file_of_the_wrong_shape(indicators, text, message):
    assert errors_of(text) == [message]


def test_line_numbers_count_lines_inside_quoted_notes(indicators):
    text = HEADER + 'NI185,2009Q3,1,"A note\nover two lines"\nNI999,2009Q3,1,\n'
    assert errors_of(text) == ["line 4: unknown indicator 'NI999'"]


def test_a_file_that_is_not_utf8(indicators):
    data = (HEADER + "NI185,2009Q3,1,caf\xe9\n").encode("latin-1")
    with pytest.raises(ValidationError) as error:
        import_measurements(io.BytesIO(data))
    assert error.value.messages == ["line 2: the file is not UTF-8 text; save it as CSV UTF-8"]


def test_a_user_imports_only_the_indicators_they_may_enter(indicators):
    from partnerships import services
    from tests.factories import PersonFactory

    body = BodyFactory()
    officer = UserFactory()
    services.add_membership(person=PersonFactory(user=officer), body=body, role="officer", start="2009-01-01")
    indicators["NI192"].lead_body = body
    indicators["NI192"].save()

    assert errors_of(HEADER + "NI192,2009Q3,41,\nNI185,2009Q3,1,\n", user=officer) == [
        "line 3: you may not enter measurements for NI185",
    ]
    assert import_measurements(io.BytesIO((HEADER + "NI192,2009Q3,41,\n").encode()), user=officer).created == 1
    assert Measurement.objects.get().entered_by == officer


def test_the_service_takes_a_path_or_the_text_too(indicators, tmp_path):
    path = tmp_path / "measurements.csv"
    path.write_text(HEADER + "NI185,2009Q3,92850,\n", encoding="utf-8")
    assert import_measurements(str(path)).created == 1
    assert import_measurements(HEADER + "NI185,2009Q3,92851,\n").corrected == 1


def test_the_command_imports_and_summarises(indicators, tmp_path):
    path = tmp_path / "measurements.csv"
    path.write_text(HEADER + "NI185,2009Q3,92850,\nNI192,2009Q3,41.6,\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_measurements", str(path), stdout=out)
    assert out.getvalue().strip() == "created 2 measurements; unchanged 0"
    assert Measurement.objects.count() == 2


def test_the_command_dry_run_writes_nothing(indicators, tmp_path):
    path = tmp_path / "measurements.csv"
    path.write_text(HEADER + "NI185,2009Q3,92850,\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_measurements", str(path), "--dry-run", stdout=out)
    assert out.getvalue().strip() == "dry run, nothing written: created 1 measurement; unchanged 0"
    assert not Measurement.objects.exists()


def test_the_command_reports_errors_on_stderr_and_exits_non_zero(indicators, tmp_path, capsys):
    path = tmp_path / "measurements.csv"
    path.write_text(HEADER + "NI185,2009Q3,92850,\nNI999,2009Q3,1,\nNI192,2009Q3,x,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"2 errors in .*measurements.csv: nothing was imported."):
        call_command("import_measurements", str(path), stderr=err)
    assert err.getvalue().splitlines() == [
        "line 3: unknown indicator 'NI999'",
        "line 4: 'x' is not a number (write 1234.5 or 1,234.5; a comma may only separate thousands)",
    ]
    assert not Measurement.objects.exists()

    with pytest.raises(SystemExit) as exit_status:
        execute_from_command_line(["manage.py", "import_measurements", str(path)])
    assert exit_status.value.code == 1
    assert "line 3: unknown indicator 'NI999'" in capsys.readouterr().err


def test_the_command_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_measurements", str(tmp_path / "missing.csv"))
