"""The governance health check (governance/health): every finding on built data, the norms per
kind and per body, and its constant query count.

Seed 004 ("When the talking has to stop") gives the norms: board 12-15, executive 8-10,
thematic 8-10; a board two or three times a year, an executive about every two months, a
thematic group at least quarterly; designated deputies for every representative; business and
voluntary sectors engaged; county, district and parish councils represented in two-tier areas.
Seed 002 proposal 6: thematic groups to prioritise at least two measurable initiatives."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.health.selectors import GOOD, PROBLEM, WARNING, body_health, partnership_health, summarise, worst_first
from governance.models import KindStandard, TermsOfReference
from meetings.models import AttendanceStatus, MeetingStatus
from tests.factories import PersonFactory
from tests.performance.factories import IndicatorFactory, OutcomeFactory, ThemeFactory

from .health_data import ON, body, hold, many_bodies, monthly, record, seat

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)


def findings(health):
    return {f.code: f for f in health.findings}


def check(on_body, on=ON):
    return findings(body_health(on_body, on=on))


# Size -----------------------------------------------------------------------------------------


def test_an_oversized_board_is_a_talking_shop_problem_with_seed_004s_reasoning():
    board = body("board")
    seat(board, 21)  # more than a third above 15
    found = check(board)["size.over"]
    assert found.severity == PROBLEM
    assert "21 seated members against an optimum of 12–15" in found.detail
    assert "“talking shops”" in found.quote and "“When the talking has to stop” (Horsham" in found.source
    assert found.fix_url == reverse("partnerships:body", kwargs={"slug": board.slug}) + "#members"


def test_a_board_a_little_over_the_optimum_is_a_warning_and_within_it_is_good():
    board = body("board")
    seat(board, 16)
    assert check(board)["size.over"].severity == WARNING
    board.memberships.order_by("pk").first().delete()
    board.memberships.order_by("pk").first().delete()
    assert check(board)["size.ok"].severity == GOOD


def test_an_undersized_executive_is_a_warning_with_a_link_to_add_a_member():
    executive = body("executive")
    seat(executive, 5)
    found = check(executive)["size.under"]
    assert found.severity == WARNING and "5 seated members against an optimum of 8–10" in found.detail
    assert found.fix_url == reverse("partnerships:membership-add", kwargs={"slug": executive.slug})


def test_officers_observers_and_past_members_do_not_count_towards_the_size():
    executive = body("executive")
    seat(executive, 8)
    seat(executive, 3, role="officer")
    seat(executive, 1, role="observer")
    seat(executive, 4, end=ON - DAY)
    assert "size.ok" in check(executive)


def test_a_body_with_no_seats_is_a_problem():
    assert check(body("thematic"))["size.empty"].severity == PROBLEM


def test_a_task_group_has_no_size_norm():
    task = body("task_group")
    seat(task, 30)
    assert not {code for code in check(task) if code.startswith("size")}


# Meetings ---------------------------------------------------------------------------------------


def test_a_thematic_group_meeting_less_than_quarterly_is_warned():
    group = body("thematic")
    seat(group, 9)
    hold(group, [ON - datetime.timedelta(days=150), ON - datetime.timedelta(days=60)])
    found = check(group)
    assert found["meetings.rare"].severity == WARNING
    assert "2 held meetings in the twelve months" in found["meetings.rare"].detail
    assert "at least 4 a year" in found["meetings.rare"].detail
    assert found["meetings.rare"].fix_url == reverse("meetings:meeting-add", kwargs={"slug": group.slug})


def test_scheduled_and_cancelled_meetings_do_not_count():
    group = body("thematic")
    hold(group, [ON - datetime.timedelta(days=days) for days in (300, 210, 120, 30)])
    assert "meetings.ok" in check(group)
    group.meetings.update(status=MeetingStatus.CANCELLED)
    assert "meetings.ok" not in check(group)


def test_no_meeting_in_twice_the_interval_is_a_problem_not_also_too_rare():
    board = body("board")  # at least 2 a year: an interval of six months
    hold(board, [ON - datetime.timedelta(days=400)])
    found = check(board)
    assert found["meetings.gap"].severity == PROBLEM
    assert "the last was on" in found["meetings.gap"].detail
    assert "meetings.rare" not in found
    hold(board, [ON - datetime.timedelta(days=300)])
    assert "meetings.gap" not in check(board) and "meetings.rare" in check(board)


def test_a_body_that_never_met_is_judged_from_its_establishment():
    assert "meetings.gap" in check(body("board", established=ON - datetime.timedelta(days=400)))
    assert "meetings.gap" not in check(body("board", established=ON - datetime.timedelta(days=300)))


def test_an_executive_meeting_monthly_meets_more_often_than_recommended_seed_002_proposal_2():
    executive = body("executive")
    hold(executive, monthly(ON - datetime.timedelta(days=330), 12))
    found = check(executive)["meetings.often"]
    assert found.severity == WARNING and "12 held meetings" in found.detail and "5 to 8 a year" in found.detail
    assert "To reduce frequency of the partnership meetings" in found.quote and "proposal 2" in found.source


def test_a_new_body_is_not_judged_on_its_frequency():
    group = body("thematic", established=ON - datetime.timedelta(days=60))
    assert not {code for code in check(group) if code.startswith("meetings")}


def test_task_groups_meet_as_needed():
    task = body("task_group", established=D(2000, 1, 1))
    assert not {code for code in check(task) if code.startswith("meetings")}


# Attendance: seed 004's "talking shop" symptoms -------------------------------------------------


def test_low_attendance_and_many_deputies_are_flagged_with_the_talking_shop_symptoms():
    executive = body("executive")
    seats = seat(executive, 8)
    for meeting in hold(executive, monthly(ON - datetime.timedelta(days=300), 6)):
        record(meeting, seats[:2], AttendanceStatus.PRESENT)
        record(meeting, seats[2:5], AttendanceStatus.DEPUTY)
        record(meeting, seats[5:6], AttendanceStatus.APOLOGIES)
        # seats[6:] have no row: absent
    found = check(executive)
    # 5 of 8 seats filled (2 in person, 3 by deputies): 62%, of which deputies 38%.
    assert found["attendance.low"].severity == WARNING and "62% of expected seats filled" in found["attendance.low"].detail
    assert found["attendance.deputies"].detail.startswith("38% of expected seats")
    assert "low attendance rates and an increase in substitutes" in found["attendance.low"].quote
    assert found["attendance.low"].fix_url == reverse("meetings:attendance-stats", kwargs={"slug": executive.slug})


def test_attendance_below_half_is_a_problem_and_a_fall_is_a_trend():
    group = body("thematic")
    seats = seat(group, 8)
    earlier = hold(group, monthly(ON - datetime.timedelta(days=340), 3))
    recent = hold(group, monthly(ON - datetime.timedelta(days=120), 3))
    for meeting in earlier:
        record(meeting, seats[:6], AttendanceStatus.PRESENT)
    for meeting in recent:
        record(meeting, seats[:1], AttendanceStatus.PRESENT)
    found = check(group)
    # Earlier 6 of 8 (75%), recent 1 of 8 (12%): 44% over the year.
    assert found["attendance.low"].severity == PROBLEM
    assert "12% of expected seats filled in the last six months, against 75%" in found["attendance.falling"].detail


def test_rising_deputy_share_is_a_trend_and_healthy_attendance_is_good():
    group = body("thematic")
    seats = seat(group, 8)
    for meeting in hold(group, monthly(ON - datetime.timedelta(days=340), 3)):
        record(meeting, seats, AttendanceStatus.PRESENT)
    assert "attendance.ok" in check(group)
    for meeting in hold(group, monthly(ON - datetime.timedelta(days=120), 3)):
        record(meeting, seats[:6], AttendanceStatus.PRESENT)
        record(meeting, seats[6:], AttendanceStatus.DEPUTY)
    assert "attendance.deputies-rising" in check(group)


def test_a_seat_is_expected_only_at_meetings_while_it_is_held():
    group = body("thematic")
    stayed = seat(group, 4)
    joined_late = seat(group, 4, start=ON - datetime.timedelta(days=30))
    for meeting in hold(group, monthly(ON - datetime.timedelta(days=300), 4)):
        record(meeting, stayed, AttendanceStatus.PRESENT)
    late_meeting = hold(group, [ON - datetime.timedelta(days=10)])[0]
    record(late_meeting, stayed + joined_late, AttendanceStatus.PRESENT)
    health = body_health(group, on=ON)
    assert (health.year.expected, health.year.present) == (4 * 4 + 8, 4 * 4 + 8)
    assert "attendance.ok" in findings(health)


# Deputies ---------------------------------------------------------------------------------------


def test_representatives_without_deputies_seed_004_principle_5():
    group = body("thematic")
    seat(group, 8, deputy=False)
    found = check(group)["deputies.missing"]
    assert found.severity == PROBLEM and "8 of 8 seated members have no designated deputy" in found.detail
    assert found.quote.startswith("All representatives should have designated deputies")


def test_a_few_missing_deputies_is_a_warning_and_all_covered_is_good():
    group = body("thematic")
    seat(group, 6)
    missing = seat(group, 2, deputy=False)
    assert check(group)["deputies.missing"].severity == WARNING
    for membership in missing:
        membership.designated_deputy = PersonFactory()
        membership.save()
    assert "deputies.ok" in check(group)


def test_a_conference_expects_no_deputies():
    conference = body("conference")
    seat(conference, 40, deputy=False)
    assert not {code for code in check(conference) if code.startswith("deputies")}


# Sector balance and council tiers ---------------------------------------------------------------


def test_a_thematic_group_without_business_or_voluntary_members_is_warned():
    group = body("thematic")
    seat(group, 9, sector="public")
    found = check(group)["sectors.missing"]
    assert found.severity == WARNING
    assert found.detail == "No seated member represents these sectors: private and business; voluntary and community."
    assert found.fix_url == reverse("partnerships:membership-add", kwargs={"slug": group.slug})
    seat(group, 1, sector="business")
    seat(group, 1, sector="voluntary", end=ON - DAY)  # a past seat does not count
    assert check(group)["sectors.missing"].detail == "No seated member represents the voluntary and community sector."
    seat(group, 1, sector="voluntary")
    assert "sectors.ok" in check(group)


def test_a_board_without_a_parish_council_in_a_two_tier_area_seed_004():
    board = body("board")
    seat(board, 1, tier="county")
    seat(board, 1, tier="district")
    seat(board, 6)
    seat(board, 2, sector="business")
    seat(board, 2, sector="voluntary")
    found = check(board)["tiers.missing"]
    assert found.severity == WARNING and "parish or town council" in found.detail
    assert "county, district and parish level" in found.quote
    seat(board, 1, tier="parish")
    assert "tiers.ok" in check(board)


def test_council_tiers_are_not_judged_outside_a_two_tier_area():
    board = body("board")
    seat(board, 13, tier="unitary")
    assert not {code for code in check(board) if code.startswith("tiers")}


# Terms of reference -----------------------------------------------------------------------------


def test_terms_of_reference_missing_draft_overdue_and_in_force():
    group = body("thematic")
    assert check(group)["terms.missing"].detail == "None is recorded."
    draft = TermsOfReference.objects.create(body=group, version=1)
    assert check(group)["terms.missing"].detail == "Only a draft exists."
    draft.status, draft.approved_on, draft.review_due = "approved", D(2008, 4, 1), D(2010, 4, 1)
    draft.save()
    found = check(group)["terms.overdue"]
    assert found.severity == WARNING and "1 April 2010" in found.detail
    assert "terms.ok" in check(group, on=D(2010, 3, 31))


# Measurable priorities (seed 002 proposal 6) ----------------------------------------------------


def test_a_thematic_group_without_a_measurable_priority():
    group = body("thematic")
    found = check(group)["priority.none"]
    assert found.severity == WARNING and "All groups to prioritise at least two" in found.quote
    assert found.fix_url == reverse("performance:dashboard")
    IndicatorFactory(lead_body=group)
    assert "priority.few" in check(group)
    # An indicator of a theme the group leads counts too.
    IndicatorFactory(outcome=OutcomeFactory(theme=ThemeFactory(lead_body=group)))
    assert "priority.ok" in check(group)


def test_indicators_of_an_expired_strategy_do_not_count_and_only_thematic_groups_are_judged():
    group = body("thematic")
    IndicatorFactory(lead_body=group)
    assert "priority.none" in check(group, on=D(2012, 1, 1))  # the strategy ended in March 2011
    board = body("board")
    IndicatorFactory(lead_body=board)
    assert not {code for code in check(board) if code.startswith("priority")}


# Norms: per kind, and a body's own ---------------------------------------------------------------


def test_a_bodys_own_size_and_interval_replace_its_kinds():
    board = body("board", size_min=20, size_max=25, meets_every_months=1)
    seat(board, 22)
    hold(board, monthly(ON - datetime.timedelta(days=330), 12))
    found = check(board)
    assert "size.ok" in found and "the body's own norm" in found["size.ok"].detail
    assert "meetings.ok" in found  # 12 a year is too many for a board, not for this one
    board.meetings.filter(pk__in=board.meetings.order_by("pk").values("pk")[:6]).delete()
    assert "at least 12 a year (the body's own interval)" in check(board)["meetings.rare"].detail


def test_staff_can_change_a_kinds_norms():
    board = body("board")
    seat(board, 22)
    KindStandard.objects.filter(kind="board").update(size_max=30)
    assert "size.ok" in check(board)


def test_the_seed_defaults_apply_when_no_standard_is_saved():
    assert KindStandard.objects.filter(kind="board", size_min=12, size_max=15).exists()  # the data migration
    KindStandard.objects.all().delete()
    board = body("board")
    seat(board, 21)
    assert check(board)["size.over"].severity == PROBLEM


def test_a_standard_refuses_unknown_sectors_and_tiers():
    standard = KindStandard(kind="board", expected_sectors=["public", "banking"], expected_tiers="parish")
    with pytest.raises(ValidationError) as error:
        standard.full_clean(validate_unique=False)
    assert set(error.value.message_dict) == {"expected_sectors", "expected_tiers"}


# The whole partnership ---------------------------------------------------------------------------


def test_only_bodies_that_exist_on_the_date_are_checked():
    live = body("thematic")
    gone = body("thematic", dissolved=ON)
    future = body("thematic", established=ON + DAY)
    checked = {h.body.pk for h in partnership_health(on=ON)}
    assert live.pk in checked and not checked & {gone.pk, future.pk}
    assert body_health(gone, on=ON) is None


def test_summary_and_worst_first():
    healthy = body("task_group")
    troubled = body("board")
    seat(troubled, 25, deputy=False)
    healths = partnership_health(on=ON)
    assert [h.body for h in worst_first(healths)][0] == troubled
    summary = summarise(healths)
    assert summary.bodies == 2 and summary.by_severity[PROBLEM] == 1
    assert summary.by_code[0][2] == PROBLEM
    assert {h.body.pk: h.severity for h in healths}[healthy.pk] == WARNING  # no terms of reference


@pytest.mark.parametrize("count", [10, 300])
def test_the_check_costs_a_constant_number_of_queries(count, django_assert_num_queries):
    many_bodies(count)
    # Bodies, standards, sectors, meetings, attendance (held meetings, seats, rows filled),
    # terms, indicators, tiers.
    with django_assert_num_queries(10):
        healths = partnership_health(on=ON)
    assert len(healths) == count
    assert all("attendance.ok" in findings(h) or "attendance.low" in findings(h) for h in healths)


def test_attendance_is_counted_as_the_statistics_page_counts_it():
    from meetings.attendance import attendance_statistics
    from meetings.models import Meeting

    group = body("thematic")
    seats = seat(group, 5) + seat(group, 2, start=ON - datetime.timedelta(days=100)) + seat(group, 2, end=ON - datetime.timedelta(days=200))
    seat(group, 2, role="officer")
    for i, meeting in enumerate(hold(group, monthly(ON - datetime.timedelta(days=330), 11))):
        record(meeting, seats[: 3 + i % 4], AttendanceStatus.PRESENT)
        record(meeting, seats[7:8], AttendanceStatus.DEPUTY)
    year = body_health(group, on=ON).year
    window = Meeting.objects.filter(starts_at__date__gt=ON - datetime.timedelta(days=365))
    overall = attendance_statistics(body=group, meetings=window, with_members=False).overall
    assert (year.expected, year.present, year.deputy) == (overall.expected, overall.present, overall.deputy)
    # Five seats at all 11 meetings, two that joined at the last 2 and two that left after the first 5.
    assert year.expected == 5 * 11 + 2 * 2 + 2 * 5
