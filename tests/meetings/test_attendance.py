"""The attendance rule (meetings/attendance/) and recording attendance.

The rule is seed 002's Carlisle Executive terms of reference: "If partners (or their deputy) do
not attend a minimum of two out of every four meetings their position on the Executive will be
reviewed."
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from meetings import attendance
from meetings.attendance import evaluate_all, evaluate_membership, record_attendance, record_register
from meetings.models import Attendance, AttendanceRule, AttendanceStatus, MeetingStatus
from tests.factories import BodyFactory, MembershipFactory, PersonFactory

from .factories import AttendanceFactory, HeldMeetingFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2010, 6, 1)

# One letter per meeting of the body, oldest first:
#   P present, D represented by a deputy, A apologies, X recorded absent, - no row (absent),
#   c a cancelled meeting (with a "present" row that must not count), s a scheduled one,
#   | the member joins here (meetings before it are not theirs).
STATUS = {"P": "present", "D": "deputy", "A": "apologies", "X": "absent"}

RULE_TABLE = [
    # (case, rule fields, meetings, attended, judged, flagged)
    ("seed 002: two of every four, in person", {}, "P P X X", 2, 4, False),
    ("seed 002: one of four is below the minimum", {}, "P X X X", 1, 4, True),
    ("seed 002: 'or their deputy' counts", {}, "D D X X", 2, 4, False),
    ("seed 002: a deputy and the member together", {}, "P D - -", 2, 4, False),
    ("no attendance row counts as absent", {}, "- - - -", 0, 4, True),
    ("apologies do not count by default", {}, "A A P X", 1, 4, True),
    ("apologies count when the rule says so", {"apologies_count": True}, "A A P X", 3, 4, False),
    ("a deputy does not count when the rule says so", {"deputy_counts": False}, "D D P X", 1, 4, True),
    ("only the last four held meetings", {}, "X X X P P", 2, 4, False),
    ("an old good record does not save a bad recent one", {}, "P P P X X X", 1, 4, True),
    ("fewer than four meetings held yet: not flagged", {}, "X X X", 0, 3, False),
    ("no meetings held yet", {}, "", 0, 0, False),
    ("cancelled meetings are not meetings", {}, "P X c X X", 1, 4, True),
    ("cancelled meetings do not fill the window", {}, "X X c c c", 0, 2, False),
    ("scheduled meetings are not held yet", {}, "P X s s X", 1, 3, False),
    ("joined midway: judged only since joining", {}, "- - - - | P X X", 1, 3, False),
    ("joined midway, four meetings since", {}, "- - - - | P X X X", 1, 4, True),
    ("joined midway with a good record", {}, "X X X X | P P X X", 2, 4, False),
    ("a custom rule: 1 of every 3", {"window": 3, "minimum": 1}, "P X X X", 0, 3, True),
    ("a custom rule: 3 of every 6", {"window": 6, "minimum": 3}, "P D P X X X", 3, 6, False),
    ("a minimum of 0 never flags", {"minimum": 0}, "X X X X", 0, 4, False),
]


def build(pattern, rule=None):
    """A body with one member and a meeting a week from January 2010 for each letter."""
    body = BodyFactory()
    if rule is not None:
        AttendanceRule.objects.create(body=body, **rule)
    deputy = PersonFactory()
    letters = pattern.split()
    joined = letters.index("|") if "|" in letters else 0
    letters = [letter for letter in letters if letter != "|"]
    dates = [D(2010, 1, 4) + datetime.timedelta(days=7 * i) for i in range(len(letters))]
    start = dates[joined] if joined else D(2009, 1, 1)
    membership = MembershipFactory(body=body, start=start, designated_deputy=deputy)
    for day, letter in zip(dates, letters):
        status = {"c": MeetingStatus.CANCELLED, "s": MeetingStatus.SCHEDULED}.get(letter, MeetingStatus.HELD)
        meeting = MeetingFactory(body=body, starts_at=at(day.year, day.month, day.day), status=status)
        if letter in STATUS or letter == "c":
            code = STATUS.get(letter, "present")
            Attendance.objects.create(
                meeting=meeting, membership=membership, status=code,
                deputy=deputy if code == AttendanceStatus.DEPUTY else None,
            )
    return membership


@pytest.mark.parametrize(
    "case, rule, pattern, attended, judged, flagged", RULE_TABLE, ids=[row[0] for row in RULE_TABLE]
)
def test_the_rule(case, rule, pattern, attended, judged, flagged):
    membership = build(pattern, rule if rule else None)
    verdict = evaluate_membership(membership, on=ON)
    assert (verdict.attended, len(verdict.meetings), verdict.flagged) == (attended, judged, flagged)
    # The set-based evaluation is the same rule.
    (same,) = evaluate_all(on=ON)
    assert (same.attended, same.meetings, same.flagged) == (verdict.attended, verdict.meetings, verdict.flagged)


def test_a_body_without_a_rule_row_gets_the_carlisle_defaults():
    rule = attendance.rule_for(BodyFactory())
    assert rule.pk is None
    assert (rule.window, rule.minimum, rule.deputy_counts, rule.apologies_count) == (4, 2, True, False)
    assert attendance.describe_rule(rule) == "2 of every 4 held meetings; a deputy's attendance counts"


def test_the_window_ends_with_the_latest_held_meeting():
    membership = build("P P X X X X")
    verdict = evaluate_membership(membership, on=ON)
    latest = Attendance.objects.filter(membership=membership).order_by("-meeting__starts_at").first().meeting
    assert verdict.last_meeting_id == latest.pk
    assert [m.date for m in verdict.meetings] == sorted(m.date for m in verdict.meetings)


def test_meetings_after_the_evaluation_date_are_not_judged():
    membership = build("X X X X P P")
    # Meetings fall on Mondays from 4 January 2010: by the 25th only the four absences were held.
    assert evaluate_membership(membership, on=D(2010, 1, 25)).flagged is True
    assert evaluate_membership(membership, on=D(2010, 2, 8)).flagged is False


def test_a_meeting_on_the_day_the_member_joined_is_theirs():
    body = BodyFactory()
    membership = MembershipFactory(body=body, start=D(2010, 1, 4))
    for week in range(4):
        HeldMeetingFactory(body=body, starts_at=at(2010, 1, 4) + datetime.timedelta(days=7 * week))
    assert len(evaluate_membership(membership, on=ON).meetings) == 4


def test_an_ended_membership_is_judged_on_its_own_meetings_and_not_evaluated_nightly():
    membership = build("X X X X P P P P")
    membership.end = D(2010, 1, 31)
    membership.save()
    assert evaluate_membership(membership, on=ON).flagged is True
    assert evaluate_all(on=ON) == []


def test_officers_and_observers_are_not_judged():
    body = BodyFactory()
    MembershipFactory(body=body, role="officer")
    MembershipFactory(body=body, role="observer")
    seated = MembershipFactory(body=body, role="chair")
    for week in range(4):
        HeldMeetingFactory(body=body, starts_at=at(2010, 1, 4) + datetime.timedelta(days=7 * week))
    assert [v.membership for v in evaluate_all(on=ON)] == [seated]


def test_evaluate_all_can_be_limited_to_bodies():
    one, other = build("X X X X"), build("X X X X")
    assert [v.membership for v in evaluate_all(body_ids=[one.body_id], on=ON)] == [one]
    assert {v.membership for v in evaluate_all(on=ON)} == {one, other}


@pytest.mark.parametrize("bodies", [1, 6])
def test_evaluate_all_costs_a_fixed_number_of_queries(django_assert_num_queries, bodies):
    for _ in range(bodies):
        membership = build("P X X X")
        MembershipFactory.create_batch(3, body=membership.body)
    # Rules, memberships, their bodies, the latest held meetings, the attendance rows that count,
    # and the people of the flagged memberships.
    with django_assert_num_queries(6):
        verdicts = evaluate_all(on=ON)
    assert sum(v.flagged for v in verdicts) == 4 * bodies


# Recording attendance ------------------------------------------------------------------------


@pytest.fixture
def executive():
    body = BodyFactory(name="Carlisle Partnership Executive")
    brenda = PersonFactory(name="Brenda Stoker")
    alan = MembershipFactory(
        body=body, person__name="Alan Tinnion", designated_deputy=brenda, start=D(2009, 1, 1)
    )
    meeting = HeldMeetingFactory(body=body, starts_at=at(2010, 3, 4))
    return body, meeting, alan, brenda


def test_recording_present(executive):
    body, meeting, alan, _ = executive
    recorded = record_attendance(meeting=meeting, membership=alan, status="present")
    assert recorded.warning == ""
    assert Attendance.objects.get(meeting=meeting, membership=alan).status == "present"


def test_recording_again_replaces_the_row(executive):
    body, meeting, alan, brenda = executive
    record_attendance(meeting=meeting, membership=alan, status="apologies")
    record_attendance(meeting=meeting, membership=alan, status="deputy", deputy=brenda, note="Arrived late")
    row = Attendance.objects.get(meeting=meeting, membership=alan)
    assert (row.status, row.deputy, row.note) == ("deputy", brenda, "Arrived late")
    assert Attendance.objects.count() == 1


def test_the_designated_deputy_gives_no_warning(executive):
    _, meeting, alan, brenda = executive
    assert record_attendance(meeting=meeting, membership=alan, status="deputy", deputy=brenda).warning == ""


def test_another_deputy_is_recorded_with_a_warning(executive):
    _, meeting, alan, _ = executive
    carol = PersonFactory(name="Carol Dent")
    attendance_row, warning = record_attendance(meeting=meeting, membership=alan, status="deputy", deputy=carol)
    assert attendance_row.deputy == carol
    assert warning == "Carol Dent is not Alan Tinnion's designated deputy (Brenda Stoker)."


def test_a_deputy_for_a_member_without_a_designated_one_is_a_warning():
    membership = MembershipFactory(person__name="Dora Hill")
    meeting = HeldMeetingFactory(body=membership.body, starts_at=at(2010, 3, 4))
    carol = PersonFactory(name="Carol Dent")
    warning = record_attendance(meeting=meeting, membership=membership, status="deputy", deputy=carol).warning
    assert warning == "Carol Dent attended for Dora Hill, who has no designated deputy."


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"status": "deputy"}, "deputy", "Name the deputy who attended for Alan Tinnion."),
        ({"status": "present", "deputy": "brenda"}, "deputy", "Name a deputy only when Alan Tinnion was represented by one."),
        ({"status": "deputy", "deputy": "alan"}, "deputy", "Alan Tinnion cannot be their own deputy."),
        ({"status": "late"}, "status", "Unknown status 'late': use one of present, apologies, absent, deputy."),
    ],
)
def test_bad_attendance_is_refused_with_a_clear_message(executive, change, field, message):
    _, meeting, alan, brenda = executive
    deputy = {"brenda": brenda, "alan": alan.person}.get(change.get("deputy"))
    with pytest.raises(ValidationError) as error:
        record_attendance(meeting=meeting, membership=alan, status=change["status"], deputy=deputy)
    assert error.value.message_dict == {field: [message]}
    assert not Attendance.objects.exists()


def test_attendance_for_a_member_of_another_body_is_refused(executive):
    body, meeting, _, _ = executive
    outsider = MembershipFactory(person__name="Olive Outsider", body=BodyFactory(name="Housing Group"))
    with pytest.raises(ValidationError) as error:
        record_attendance(meeting=meeting, membership=outsider, status="present")
    assert error.value.messages == ["Olive Outsider is not a member of Carlisle Partnership Executive."]
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("start, end", [(D(2010, 4, 1), None), (D(2009, 1, 1), D(2010, 3, 3))])
def test_attendance_for_someone_not_a_member_on_the_meeting_date_is_refused(executive, start, end):
    body, meeting, _, _ = executive
    former = MembershipFactory(person__name="Fred Former", body=body, start=start, end=end)
    with pytest.raises(ValidationError) as error:
        record_attendance(meeting=meeting, membership=former, status="present")
    assert error.value.messages == ["Fred Former was not a member of Carlisle Partnership Executive on 4 March 2010."]


def test_a_cancelled_meeting_takes_no_attendance(executive):
    _, meeting, alan, _ = executive
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    with pytest.raises(ValidationError, match="cancelled"):
        record_attendance(meeting=meeting, membership=alan, status="present")


def test_recording_attendance_marks_a_past_scheduled_meeting_held(executive):
    body, _, alan, _ = executive
    meeting = MeetingFactory(body=body, starts_at=at(2010, 5, 6), status=MeetingStatus.SCHEDULED)
    record_attendance(meeting=meeting, membership=alan, status="present")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_apologies_in_advance_leave_a_future_meeting_scheduled(executive):
    body, _, alan, _ = executive
    meeting = MeetingFactory(body=body, starts_at=at(2099, 5, 6), status=MeetingStatus.SCHEDULED)
    record_attendance(meeting=meeting, membership=alan, status="apologies")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


@pytest.mark.parametrize("status", ["present", "absent"])
def test_present_or_absent_is_refused_before_the_meeting_starts(executive, status):
    # Issue 11: "Attendance can be recorded as 'Present' for a meeting months in the future".
    body, _, alan, _ = executive
    coming = MeetingFactory(body=body, starts_at=at(2099, 5, 6, 18), status=MeetingStatus.SCHEDULED)
    with pytest.raises(ValidationError) as error:
        record_attendance(meeting=coming, membership=alan, status=status)
    assert error.value.message_dict["status"] == [
        f"The meeting has not started yet (it starts on 6 May 2099 at 18:00): “{status}” can be recorded "
        "once it has begun. Before then, record only apologies or a deputy."
    ]
    with pytest.raises(attendance.RegisterError):
        record_register(meeting=coming, entries=[{"membership": alan, "status": status}])
    assert not Attendance.objects.exists()


def test_apologies_and_a_nominated_deputy_may_be_recorded_before_the_meeting(executive):
    body, _, alan, brenda = executive
    beth = MembershipFactory(body=body, person__name="Beth Wood", start=D(2009, 1, 1))
    coming = MeetingFactory(body=body, starts_at=at(2099, 5, 6), status=MeetingStatus.SCHEDULED)
    record_register(meeting=coming, entries=[
        {"membership": alan, "status": "deputy", "deputy": brenda}, {"membership": beth, "status": "apologies"},
    ])
    assert dict(Attendance.objects.values_list("membership", "status")) == {alan.pk: "deputy", beth.pk: "apologies"}


def test_the_rule_goes_by_the_starting_time(executive):
    body, _, _, _ = executive
    meeting = MeetingFactory(body=body, starts_at=at(2010, 5, 6, 18), status=MeetingStatus.SCHEDULED)
    assert attendance.too_early_problems(meeting, "present", now=at(2010, 5, 6, 17))
    assert attendance.too_early_problems(meeting, "present", now=at(2010, 5, 6, 18)) == {}
    assert attendance.too_early_problems(meeting, "apologies", now=at(2010, 5, 6, 17)) == {}


def test_recording_queues_the_review_once_the_transaction_commits(executive, broker, django_capture_on_commit_callbacks):
    body, meeting, alan, _ = executive
    with django_capture_on_commit_callbacks(execute=True):
        record_attendance(meeting=meeting, membership=alan, status="present")
        assert broker.sent == []
    assert broker.sent == [("governance.tasks.review_attendance", [], {"body_id": body.pk})]


def test_the_register_is_saved_whole_or_not_at_all(executive):
    body, meeting, alan, brenda = executive
    beth = MembershipFactory(body=body, person__name="Beth Wood")
    with pytest.raises(attendance.RegisterError) as error:
        record_register(
            meeting=meeting,
            entries=[
                {"membership": alan, "status": "present"},
                {"membership": beth, "status": "deputy", "deputy": None},
            ],
        )
    assert error.value.by_membership == {beth.pk: ["Name the deputy who attended for Beth Wood."]}
    assert not Attendance.objects.exists()

    recorded = record_register(
        meeting=meeting,
        entries=[{"membership": alan, "status": "deputy", "deputy": PersonFactory(name="Carol Dent")},
                 {"membership": beth, "status": "absent"}],
    )
    assert [r.warning for r in recorded] == ["Carol Dent is not Alan Tinnion's designated deputy (Brenda Stoker).", ""]
    assert Attendance.objects.count() == 2


def test_the_register_lists_members_on_the_meeting_date_with_their_attendance(executive):
    body, meeting, alan, _ = executive
    MembershipFactory(body=body, person__name="Zed Gone", start=D(2009, 1, 1), end=D(2010, 1, 1))
    MembershipFactory(body=body, person__name="Olga Officer", role="officer")
    beth = MembershipFactory(body=body, person__name="Beth Wood")
    AttendanceFactory(meeting=meeting, membership=beth, status="apologies")
    rows = attendance.register(meeting)
    assert [(r.membership, r.attendance and r.attendance.status) for r in rows] == [(alan, None), (beth, "apologies")]


def test_guests_are_added_and_removed(executive):
    _, meeting, _, _ = executive
    guest = attendance.add_guest(meeting=meeting, name="  Pat Presenter ", organisation="Natural England", role="item 4")
    assert guest.name == "Pat Presenter"
    with pytest.raises(ValidationError):
        attendance.add_guest(meeting=meeting, name="")
    attendance.remove_guest(guest)
    assert not meeting.guests.exists()


def test_the_benchmark_runs_at_a_small_scale():
    """bench/attendance.py builds its data and times the rule; here at a small scale, so the
    benchmark cannot rot unnoticed (the full 20,000 seats run with `python -m bench.attendance`)."""
    from bench.attendance import print_table, run

    rows = run(seats=200, meetings=6, log=lambda *args: None)
    assert [row.name.split(" (")[0] for row in rows] == [
        "evaluate_all()", "open_attendance_reviews()", "evaluation + reviews", "second run",
    ]
    assert rows[0].queries <= 7
    lines = []
    print_table(rows, out=lines.append)
    assert lines[0].startswith("attendance rule")


def test_evaluate_memberships_judges_a_list_of_seats_at_once(django_assert_num_queries):
    seats = [build("P X X X"), build("P D X X"), build("X X")]
    seats[1].end = D(2010, 1, 25)  # left after the fourth meeting: judged on those four
    seats[1].save()
    expected = [evaluate_membership(m, on=ON) for m in seats]
    with django_assert_num_queries(3):  # rules, held meetings, attendance (people and bodies are loaded)
        verdicts = attendance.evaluate_memberships(seats, on=ON)
    assert [(v.membership, v.attended, v.flagged) for v in verdicts] == [
        (v.membership, v.attended, v.flagged) for v in expected
    ] == [(seats[0], 1, True), (seats[1], 2, False), (seats[2], 0, False)]
