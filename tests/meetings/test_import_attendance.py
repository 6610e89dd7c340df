"""`manage.py import_attendance FILE.csv` (docs/formats.md, "Attendance file (CSV)")."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from meetings.models import Attendance, Meeting, MeetingStatus
from tests.factories import BodyFactory, MembershipFactory, PersonFactory

from .factories import MeetingFactory, at

pytestmark = pytest.mark.django_db

D = datetime.date
HEADER = "body,date,person,status,deputy\n"


@pytest.fixture
def carlisle():
    body = BodyFactory(name="Carlisle Partnership Executive")
    brenda = PersonFactory(name="Brenda Stoker")
    alan = MembershipFactory(body=body, person__name="Alan Tinnion", designated_deputy=brenda, start=D(2008, 1, 1))
    jane = MembershipFactory(body=body, person__name="Jane Doe", start=D(2008, 1, 1))
    return {"body": body, "alan": alan, "jane": jane, "brenda": brenda}


GOOD = HEADER + (
    "Carlisle Partnership Executive,2009-03-05,Alan Tinnion,present,\n"
    "Carlisle Partnership Executive,2009-03-05,Jane Doe,deputy,Brenda Stoker\n"
    "Carlisle Partnership Executive,2009-05-07,Alan Tinnion,apologies,\n"
    "Carlisle Partnership Executive,2009-05-07,Jane Doe,absent,\n"
)


def run(tmp_path, text, *args):
    path = tmp_path / "attendance.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_attendance", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(tmp_path, text):
    path = tmp_path / "attendance.csv"
    path.write_text(text, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_attendance", str(path), stdout=StringIO(), stderr=err)
    assert not Attendance.objects.exists() and not Meeting.objects.exists()
    return err.getvalue().splitlines(), str(error.value)


def test_each_body_and_date_is_a_held_meeting_with_its_attendance(tmp_path, carlisle):
    out, _ = run(tmp_path, GOOD)
    assert out == "created 2 meetings, created 4 attendance records; unchanged 0\n"
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert [(m.body, m.status, m.starts_at.astimezone().date()) for m in meetings] == [
        (carlisle["body"], MeetingStatus.HELD, D(2009, 3, 5)), (carlisle["body"], MeetingStatus.HELD, D(2009, 5, 7)),
    ]
    jane = Attendance.objects.get(meeting=meetings[0], membership=carlisle["jane"])
    assert (jane.status, jane.deputy) == ("deputy", carlisle["brenda"])


def test_importing_the_same_file_again_changes_nothing(tmp_path, carlisle):
    run(tmp_path, GOOD)
    before = list(Attendance.objects.order_by("pk").values_list("pk", "meeting_id", "membership_id", "status", "deputy_id"))
    out, _ = run(tmp_path, GOOD)
    assert out == "no changes; unchanged 4\n"
    assert list(Attendance.objects.order_by("pk").values_list("pk", "meeting_id", "membership_id", "status", "deputy_id")) == before
    assert Meeting.objects.count() == 2


def test_a_changed_row_updates_the_attendance_and_keeps_its_note(tmp_path, carlisle):
    run(tmp_path, GOOD)
    Attendance.objects.filter(membership=carlisle["jane"], status="absent").update(note="Phoned in")
    out, _ = run(tmp_path, GOOD.replace("Jane Doe,absent,", "Jane Doe,apologies,"))
    assert out == "updated 1; unchanged 3\n"
    changed = Attendance.objects.get(membership=carlisle["jane"], status="apologies")
    assert changed.note == "Phoned in"


def test_an_existing_scheduled_meeting_is_used_and_marked_held(tmp_path, carlisle):
    meeting = MeetingFactory(body=carlisle["body"], starts_at=at(2009, 3, 5), status=MeetingStatus.SCHEDULED)
    out, _ = run(tmp_path, GOOD)
    assert out == "created 1 meeting, marked 1 scheduled meeting held, created 4 attendance records; unchanged 0\n"
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.attendances.count() == 2


def test_a_dry_run_writes_nothing(tmp_path, carlisle):
    out, _ = run(tmp_path, GOOD, "--dry-run")
    assert out == "dry run, nothing written: created 2 meetings, created 4 attendance records; unchanged 0\n"
    assert not Meeting.objects.exists()


def test_a_byte_order_mark_blank_lines_and_spaces_are_fine(tmp_path, carlisle):
    path = tmp_path / "excel.csv"
    path.write_text("\ufeff" + GOOD.replace(",present,", ", present ,") + "\n\n", encoding="utf-8")
    call_command("import_attendance", str(path), stdout=StringIO())
    assert Attendance.objects.count() == 4


BAD_ROWS = [
    ("Carlisle Executive,2009-07-02,Alan Tinnion,present,", "unknown body 'Carlisle Executive'"),
    ("Carlisle Partnership Executive,2009-13-01,Alan Tinnion,present,", "'2009-13-01' is not a date (YYYY-MM-DD)"),
    ("Carlisle Partnership Executive,5/3/2009,Alan Tinnion,present,", "'5/3/2009' is not a date (YYYY-MM-DD)"),
    ("Carlisle Partnership Executive,2099-03-05,Alan Tinnion,present,", "2099-03-05 is in the future: only meetings that took place can be imported"),
    ("Carlisle Partnership Executive,2009-07-02,Alan Tinion,present,", "unknown person 'Alan Tinion'"),
    ("Carlisle Partnership Executive,2009-07-02,Alan Tinnion,presnt,", "unknown status 'presnt'; use one of present, apologies, absent, deputy"),
    ("Carlisle Partnership Executive,2007-03-05,Alan Tinnion,present,",
     "Alan Tinnion was not a member of Carlisle Partnership Executive on 5 March 2007."),
    ("Carlisle Partnership Executive,2009-03-05,Brenda Stoker,present,", "Brenda Stoker is not a member of Carlisle Partnership Executive."),
    ("Carlisle Partnership Executive,2009-07-02,Alan Tinnion,deputy,", "Name the deputy who attended for Alan Tinnion."),
    ("Carlisle Partnership Executive,2009-07-02,Alan Tinnion,present,Brenda Stoker", "Name a deputy only when Alan Tinnion was represented by one."),
    ("Carlisle Partnership Executive,2009-07-02,Alan Tinnion,deputy,Brenda Stokes", "unknown deputy 'Brenda Stokes'"),
    ("Carlisle Partnership Executive,2009-07-02,Alan Tinnion,deputy,Alan Tinnion", "Alan Tinnion cannot be their own deputy."),
    ("Carlisle Partnership Executive,2009-07-02,Alan Tinnion,present", "expected 5 values (body,date,person,status,deputy), found 4"),
]


@pytest.mark.parametrize("row, message", BAD_ROWS, ids=[m for _, m in BAD_ROWS])
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_written(tmp_path, carlisle, row, message):
    errors, summary = fails(tmp_path, GOOD + row + "\n")
    assert errors == [f"line 6: {message}"]
    assert summary == "1 error in " + str(tmp_path / "attendance.csv") + ": nothing was imported."


def test_every_error_is_reported_at_once_with_line_numbers(tmp_path, carlisle):
    text = HEADER + (
        "Carlisle Partnership Executive,2009-03-05,Alan Tinnion,present,\n"
        "\n"
        "Carlisle Partnership Executive,2009-03-05,Jane Doe,late,\n"
        "Carlisle Partnership Executive,2009-03-05,Alan Tinnion,absent,\n"
    )
    errors, summary = fails(tmp_path, text)
    assert errors == [
        "line 4: unknown status 'late'; use one of present, apologies, absent, deputy",
        "line 5: the same body, date and person as line 2",
    ]
    assert summary.startswith("2 errors in ")


def test_two_people_with_the_same_name_cannot_be_told_apart(tmp_path, carlisle):
    PersonFactory(name="Jane Doe", slug="jane-doe-2")
    errors, _ = fails(tmp_path, GOOD)
    assert errors[0] == "line 3: 2 people in the database are named 'Jane Doe'; rename one so the file can tell them apart"


def test_a_cancelled_meeting_on_that_date_is_an_error(tmp_path, carlisle):
    MeetingFactory(body=carlisle["body"], starts_at=at(2009, 5, 7), status=MeetingStatus.CANCELLED)
    path = tmp_path / "attendance.csv"
    path.write_text(GOOD, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_attendance", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "line 4: the meeting of Carlisle Partnership Executive on 7 May 2009 was cancelled",
        "line 5: the meeting of Carlisle Partnership Executive on 7 May 2009 was cancelled",
    ]
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "text, errors",
    [
        ("", ["line 1: the file is empty; the first line must be the header body,date,person,status,deputy"]),
        ("body,date,person,deputy\n", ["line 1: missing column 'status'"]),
        ("body,date,person,status,deputy,organisation\n", ["line 1: unknown column 'organisation'; the columns are body,date,person,status,deputy"]),
        ('body,date,person,status,deputy\n"Carlisle,2009-03-05\n', ["line 2: expected 5 values (body,date,person,status,deputy), found 1"]),
    ],
)
def test_a_bad_header_or_file_is_reported(tmp_path, carlisle, text, errors):
    assert fails(tmp_path, text)[0] == errors


def test_a_file_that_is_not_utf8_is_reported(tmp_path, carlisle):
    path = tmp_path / "latin1.csv"
    path.write_bytes(HEADER.encode() + "Carlisle Partnership Executive,2009-03-05,Zoë,present,\n".encode("latin-1"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_attendance", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue() == "line 2: the file is not UTF-8 text; save it as CSV UTF-8\n"


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_attendance", str(tmp_path / "nope.csv"))


def test_the_deputy_column_may_be_left_out(tmp_path, carlisle):
    out, _ = run(tmp_path, "body,date,person,status\nCarlisle Partnership Executive,2009-03-05,Alan Tinnion,present\n")
    assert out == "created 1 meeting, created 1 attendance record; unchanged 0\n"


def test_an_import_asks_the_attendance_rule_to_look_again_once_per_body(
    tmp_path, carlisle, broker, django_capture_on_commit_callbacks
):
    """As a register saved on the page does (meetings.signals.attendance_recorded)."""
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, GOOD)
    assert broker.sent == [("governance.tasks.review_attendance", [], {"body_id": carlisle["body"].pk})]
    broker.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, GOOD)  # the same file again: nothing written, nothing to look at
    assert broker.sent == []
