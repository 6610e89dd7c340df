"""Every import command, fuzzed (issue 8): import_structure, import_attendance and
import_measurements are run on files Hypothesis builds from good rows, hostile values and
broken shapes. Each run either succeeds or fails with CommandError; when it fails, nothing was
written and every error line says where in the file it is (its line, or its path in the YAML)."""

import datetime
import io
import re
import string

import pytest
import yaml
from django.core.management import CommandError, call_command
from hypothesis import example, given
from hypothesis import strategies as st

from meetings.models import AttendanceStatus
from partnerships.models import BodyKind, LinkKind, Role, Sector
from performance.models import PublishedQuarter
from tests.factories import BodyFactory, MembershipFactory, PersonFactory
from tests.fuzz import HOSTILE, database_state, fuzz_settings
from tests.performance.factories import IndicatorFactory, OutcomeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

BODY, MEMBER, DEPUTY = "Carlisle Partnership Executive", "Alan Tinnion", "Brenda Stoker"
CODES = ["NI185", "NI192"]


@pytest.fixture
def partnership():
    body = BodyFactory(name=BODY)
    deputy = PersonFactory(name=DEPUTY)
    MembershipFactory(body=body, person__name=MEMBER, designated_deputy=deputy, start=datetime.date(2008, 1, 1))
    outcome = OutcomeFactory(theme=ThemeFactory(lead_body=body))
    for code in CODES:
        IndicatorFactory(outcome=outcome, code=code, baseline_date=datetime.date(2008, 4, 1))
    PublishedQuarter.objects.create(strategy=outcome.theme.strategy, period="2009Q1")
    return body


def hostile(*good):
    """A cell: one of the good values, or one that breaks naive code."""
    return st.one_of(st.sampled_from(good), st.sampled_from(HOSTILE), st.text(max_size=20))


def csv_text(header, cells):
    """A CSV file's text: a header (usually right), then rows of cells (some badly shaped)."""
    def quote(cell):
        return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\n\r') else cell

    rows = st.lists(st.lists(cells, min_size=len(header.split(",")) - 1, max_size=len(header.split(",")) + 1),
                    max_size=6)
    first = st.one_of(st.just(header), st.just(header.upper()), st.sampled_from(["", "a,b", header + ",extra"]))
    return st.builds(lambda head, body: "\n".join([head, *(",".join(quote(c) for c in row) for row in body)]) + "\n",
                     first, rows)


def file_bytes(texts):
    """The file as bytes: UTF-8 mostly, sometimes with a BOM, sometimes not UTF-8 at all."""
    return st.one_of(texts.map(str.encode), texts.map(lambda t: "\ufeff".encode() + t.encode()),
                     texts.map(lambda t: t.encode("latin-1", "replace") + b"\xff"), st.binary(max_size=60))


def run(tmp_path, command, content, location):
    path = tmp_path / "import.file"
    path.write_bytes(content)
    before = database_state()
    err = io.StringIO()
    try:
        call_command(command, str(path), stdout=io.StringIO(), stderr=err)
    except CommandError as error:
        assert "nothing was imported" in str(error) or "cannot read" in str(error), str(error)
        assert database_state() == before, f"{command} failed yet wrote: {err.getvalue()}"
        lines = err.getvalue().splitlines()
        assert lines, "an error with no explanation"
        for line in lines:
            assert location.match(line), f"{command}: this error does not say where it is: {line!r}"


# A row's line, or for a file that is not UTF-8 text at all, the byte where that shows.
LINE = re.compile(r"^line \d+: \S|^.*\bbyte \d+\b")


@given(file_bytes(csv_text("body,date,person,status,deputy", st.one_of(
    hostile(BODY), hostile("2009-03-05", "2009-05-07"), hostile(MEMBER, DEPUTY), hostile(*AttendanceStatus.values),
))))
@fuzz_settings(25)
def test_import_attendance_survives_hostile_files(partnership, tmp_path, content):
    run(tmp_path, "import_attendance", content, LINE)


@given(file_bytes(csv_text("indicator,period,value,note", st.one_of(
    hostile(*CODES, "ni185"), hostile("2009Q1", "2008Q3"), hostile("41.5", "1,234.5", "-3", "12,5"), st.text(max_size=30),
))))
@fuzz_settings(25)
def test_import_measurements_survives_hostile_files(partnership, tmp_path, content):
    run(tmp_path, "import_measurements", content, LINE)


# The structure file: a YAML mapping of lists of items, built from the documented keys (and a
# few unknown ones) with good and hostile values of every YAML type.
SCALARS = st.one_of(
    st.sampled_from(HOSTILE), st.text(max_size=15), st.integers(), st.booleans(), st.none(),
    st.dates(min_value=datetime.date(1, 1, 1)), st.floats(allow_nan=True),
)
NAMES = ["Allerdale Borough Council", "Ann Example", "Bob Example", BODY, "Cumbria Strategic Partnership Forum"]


def item(required, optional):
    values = {key: st.one_of(good, SCALARS, st.lists(SCALARS, max_size=2)) for key, good in {**required, **optional}.items()}
    return st.fixed_dictionaries(
        {key: values[key] for key in required},
        optional={**{key: values[key] for key in optional}, "colour": SCALARS},
    )


NAME = st.sampled_from(NAMES)
DATE = st.sampled_from(["2009-01-01", "2010-06-30", "2001-01-01"])
ORGANISATION = item({"name": NAME, "sector": st.sampled_from(Sector.values)}, {"tier": st.sampled_from(["county", "district"])})
PERSON = item({"name": NAME}, {"email": st.sampled_from(["ann@example.org", "not an email"])})
BODIES = st.recursive(
    item({"name": NAME, "kind": st.sampled_from(BodyKind.values)},
         {"public": st.booleans(), "established": DATE, "dissolved": DATE, "size_min": st.integers(-5, 40000),
          "size_max": st.integers(-5, 40000), "roles": st.text(max_size=20), "successors": st.lists(NAME, max_size=2)}),
    lambda children: st.builds(lambda parent, kids: {**parent, "children": kids},
                               item({"name": NAME, "kind": st.sampled_from(BodyKind.values)}, {}),
                               st.lists(children, max_size=2)),
    max_leaves=4,
)
MEMBERSHIP = item({"body": NAME, "person": NAME, "start": DATE},
                  {"role": st.sampled_from(Role.values), "end": DATE, "deputy": NAME, "seat": st.sampled_from(["Chair", ""]),
                   "organisation": NAME, "voting": st.booleans()})
LINK = item({"from": NAME, "to": NAME, "kind": st.sampled_from(LinkKind.values)}, {})
STRUCTURE = st.fixed_dictionaries({}, optional={
    "organisations": st.lists(ORGANISATION, max_size=3), "people": st.lists(PERSON, max_size=3),
    "bodies": st.lists(BODIES, max_size=3), "memberships": st.lists(MEMBERSHIP, max_size=3),
    "links": st.lists(LINK, max_size=2), "extra": SCALARS,
})
YAML_FILES = st.one_of(
    STRUCTURE.map(lambda data: yaml.safe_dump(data, allow_unicode=True).encode()),
    st.lists(SCALARS).map(lambda data: yaml.safe_dump(data).encode()),
    st.text(alphabet=string.printable, max_size=80).map(str.encode),
    st.binary(max_size=60),
)
# A path into the file (organisations[1].sector, bodies[0].children[1].name, extra), or a line.
YAML_LOCATION = re.compile(r"^(line \d+(, column \d+)?|byte \d+|file|[a-z_]+(\[\d+\])*(\.[a-z_]+(\[\d+\])*)*): \S")


@given(YAML_FILES)
# Found by this test: a membership missing its start beside one with an end was a TypeError.
@example(b"memberships:\n- body: null\n  person: null\n  start: 2\n- body: null\n  end: '2009-01-01'\n  person: null\n  start: ''\n")
@fuzz_settings(40)
def test_import_structure_survives_hostile_files(partnership, tmp_path, content):
    run(tmp_path, "import_structure", content, YAML_LOCATION)
