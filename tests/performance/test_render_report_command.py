"""`python manage.py render_report --quarter 2009Q3 --out report.pdf`."""

import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from pypdf import PdfReader

from performance.models import PerformanceReport

from .factories import CommunityStrategyFactory, IndicatorFactory, MeasurementFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy():
    strategy = CommunityStrategyFactory(name="Cumbria Community Strategy", slug="cumbria")
    indicator = IndicatorFactory(outcome__theme=ThemeFactory(strategy=strategy, name="Environment"), code="NI192",
                                 name="Household waste recycled")
    MeasurementFactory(indicator=indicator, period="2009Q3")
    return strategy


def test_the_command_writes_the_same_report_the_portal_makes(strategy, tmp_path):
    CommunityStrategyFactory(name="An older strategy", slug="older", period_start="2005-04-01", period_end="2008-03-31")
    out = tmp_path / "report.pdf"
    stdout = io.StringIO()
    call_command("render_report", quarter="2009Q3", out=str(out), stdout=stdout)
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Cumbria Community Strategy" in text  # the latest strategy by default
    assert "NI192" in text and "Environment" in text and "July to September 2009" in text
    assert f"Wrote {out}" in stdout.getvalue()
    assert not PerformanceReport.objects.exists()  # rendered here, nothing stored or filed


def test_a_strategy_can_be_named(strategy, tmp_path):
    CommunityStrategyFactory(name="Carlisle Community Plan", slug="carlisle")
    out = tmp_path / "report.pdf"
    call_command("render_report", "--quarter", "2009q3", "--out", str(out), "--strategy", "cumbria", stdout=io.StringIO())
    assert "Cumbria Community Strategy" in PdfReader(out).pages[0].extract_text()


@pytest.mark.parametrize("arguments, message", [
    (["--quarter", "2009Q5"], "'2009Q5' is not a quarter like 2009Q3"),
    (["--quarter", "2012Q1"], "2012Q1 is outside Cumbria Community Strategy"),
    (["--quarter", "2009Q3", "--strategy", "nowhere"], "No community strategy 'nowhere' (known: cumbria)"),
])
def test_bad_arguments_are_explained(strategy, tmp_path, arguments, message):
    out = tmp_path / "report.pdf"
    with pytest.raises(CommandError) as error:
        call_command("render_report", *arguments, "--out", str(out))
    assert message in str(error.value)
    assert not out.exists()


def test_no_strategy_and_an_unwritable_folder_are_explained(tmp_path):
    with pytest.raises(CommandError, match="no community strategy to report on"):
        call_command("render_report", quarter="2009Q3", out=str(tmp_path / "report.pdf"))
    CommunityStrategyFactory()
    with pytest.raises(CommandError, match="does not exist"):
        call_command("render_report", quarter="2009Q3", out=str(tmp_path / "missing" / "report.pdf"))


def test_from_the_command_line_a_bad_quarter_exits_non_zero(strategy, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "render_report", "--quarter", "Q3", "--out", str(tmp_path / "r.pdf")]).execute()
    assert exit_.value.code == 1
    assert "'Q3' is not a quarter like 2009Q3" in capsys.readouterr().err
