"""The range of meeting dates (meetings/dates.py): one rule, refused alike by the meeting form,
the services, the attendance import and the calendar's month filter (issue 8: a meeting in
year 9999 broke the iCalendar feeds and the agenda editor for everyone)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.dates import meeting_date_problem, meeting_date_range
from meetings.models import Meeting
from tests.factories import BodyFactory, MembershipFactory
from tests.meetings.factories import user_on

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_range_is_1950_to_twenty_years_ahead():
    assert meeting_date_range(D(2026, 6, 1)) == (D(1950, 1, 1), D(2046, 12, 31))
    today = D(2026, 6, 1)
    assert meeting_date_problem(D(1950, 1, 1), today) == meeting_date_problem(D(2046, 12, 31), today) == ""
    assert "from 1950 to 2046" in meeting_date_problem(D(1949, 12, 31), today)
    assert "from 1950 to 2046" in meeting_date_problem(D(2047, 1, 1), today)
    extremes = [datetime.datetime(1, 1, 1, tzinfo=datetime.timezone.utc),
                datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.timezone.utc)]
    assert all("outside the dates a meeting can have" in meeting_date_problem(value) for value in extremes)


@pytest.fixture
def body():
    return BodyFactory(name="Carlisle Partnership Executive")


@pytest.mark.parametrize("typed", ["9999-12-31T18:00", "0001-01-01T00:00", "1949-12-31T18:00"])
def test_the_meeting_form_refuses_a_date_out_of_range_on_the_field(client, body, typed):
    client.force_login(user_on(body, role="officer"))
    response = client.post(reverse("meetings:meeting-add", kwargs={"slug": body.slug}), {
        "kind": "business", "starts_at": typed, "venue": "Tullie House",
    })
    assert response.status_code == 200
    assert "outside the dates a meeting can have" in response.context["form"].errors["starts_at"][0]
    assert not Meeting.objects.exists()


def test_the_meeting_form_refuses_an_end_out_of_range(client, body):
    client.force_login(user_on(body, role="officer"))
    response = client.post(reverse("meetings:meeting-add", kwargs={"slug": body.slug}), {
        "kind": "business", "starts_at": "2030-03-11T18:00", "ends_at": "9999-03-11T20:00",
    })
    assert "outside the dates a meeting can have" in response.context["form"].errors["ends_at"][0]
    assert not Meeting.objects.exists()


def test_the_services_refuse_a_date_out_of_range(body):
    far = timezone.make_aware(datetime.datetime(9999, 1, 1, 18))
    with pytest.raises(ValidationError) as error:
        services.create_meeting(body, starts_at=far)
    assert "starts_at" in error.value.message_dict
    meeting = services.create_meeting(body, starts_at=timezone.now())
    with pytest.raises(ValidationError):
        services.update_meeting(meeting, starts_at=timezone.make_aware(datetime.datetime(1900, 1, 1, 18)))
    meeting.refresh_from_db()
    assert meeting.starts_at.year == timezone.now().year


def test_the_attendance_import_refuses_a_date_before_1950_naming_its_line(tmp_path, body):
    from io import StringIO

    from django.core.management import CommandError, call_command

    MembershipFactory(body=body, person__name="Alan Tinnion", start=D(1900, 1, 1))
    path = tmp_path / "attendance.csv"
    path.write_text("body,date,person,status\nCarlisle Partnership Executive,0001-01-01,Alan Tinnion,present\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_attendance", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith("line 2: 1 January 1 is outside the dates a meeting can have")
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1949-12", "2999-01"])
def test_a_calendar_month_out_of_range_is_the_forms_own_error(client, month):
    for path in (reverse("meetings:calendar"),):
        response = client.get(path, {"month": month})
        assert response.status_code == 200
        assert f"There are no meetings in {month}: choose a month from 1950-01 to" in response.content.decode()


def test_the_first_and_last_months_of_the_range_still_page_onwards(client):
    last = meeting_date_range()[1]
    for month in ("1950-01", f"{last:%Y-%m}"):
        response = client.get(reverse("meetings:calendar"), {"month": month})
        assert response.status_code == 200 and not response.context["form"].errors
