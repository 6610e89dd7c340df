import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionStatus, AttendanceStatus, MeetingKind, MeetingStatus, MinutesStatus
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory
from tests.meetings.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DeclarationFactory,
    GuestFactory,
    HeldMeetingFactory,
    MeetingFactory,
    MinuteEntryFactory,
    at,
    minutes_with,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def body():
    return BodyFactory(name="Carlisle Partnership Executive", slug="carlisle-executive")


def member_client(client, body):
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user), body=body, start=D(2009, 1, 1))
    client.force_login(user)
    return client


def text(response):
    """The page's visible text, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


# --- Home page ---------------------------------------------------------------------------

def test_home_page_shows_the_next_meetings_and_the_latest_published_minutes(client, body):
    today = timezone.localdate()
    soon = [
        MeetingFactory(body=body, title=f"Coming meeting {n}", starts_at=at(today.year, today.month, today.day, 18)
                       + datetime.timedelta(days=n + 1))
        for n in range(6)
    ]
    private = MeetingFactory(body=body, public=False, title="Private briefing", starts_at=soon[0].starts_at)
    MeetingFactory(body=body, title="Last year's meeting", starts_at=at(today.year - 1, 1, 8))
    published = [minutes_with(HeldMeetingFactory(body=body, title=f"Held meeting {n}", starts_at=at(2009, n, 5)))
                 for n in range(1, 7)]
    minutes_with(HeldMeetingFactory(body=body, title="Meeting with draft minutes", starts_at=at(2009, 12, 3)),
                 status=MinutesStatus.DRAFT)

    page = text(client.get(reverse("partnerships:home")))
    coming = re.findall(r"Coming meeting \d", page)
    assert coming == [f"Coming meeting {n}" for n in range(5)]  # the next five, soonest first
    assert "Last year's meeting" not in page and "Private briefing" not in page
    assert re.findall(r"Held meeting \d", page) == [f"Held meeting {n}" for n in range(6, 1, -1)]
    assert "draft minutes" not in page
    content = client.get(reverse("partnerships:home")).content.decode()
    assert reverse("meetings:minutes", kwargs={"pk": published[-1].meeting_id}) in content
    assert reverse("meetings:meeting", kwargs={"pk": soon[0].pk}) in content
    member_page = member_client(client, body).get(reverse("partnerships:home")).content.decode()
    assert reverse("meetings:meeting", kwargs={"pk": private.pk}) in member_page  # a reader sees the body's private meetings


def test_home_page_without_meetings_says_so(client):
    page = text(client.get(reverse("partnerships:home")))
    assert "No meetings are scheduled." in page and "No minutes have been published yet." in page


# --- Calendar ----------------------------------------------------------------------------

def test_calendar_of_a_month_links_meetings_minutes_and_the_months_around(client, body):
    held = HeldMeetingFactory(body=body, starts_at=at(2009, 6, 4, 14), venue="Carlisle Civic Centre")
    minutes_with(held)
    MeetingFactory(body=body, starts_at=at(2009, 6, 18), status=MeetingStatus.CANCELLED, kind=MeetingKind.WORKSHOP)
    response = client.get(reverse("meetings:calendar"), {"month": "2009-06"})
    page = text(response)
    assert "Meetings in June 2009" in page
    assert "Thu 4 Jun 2009" in page and "14:00" in page and "Carlisle Civic Centre" in page
    assert "Held" in page and "Cancelled" in page and "Workshop" in page
    content = response.content.decode()
    assert reverse("meetings:meeting", kwargs={"pk": held.pk}) in content
    assert reverse("meetings:minutes", kwargs={"pk": held.pk}) in content
    assert "?month=2009-05" in content and "?month=2009-07" in content
    assert 'type="application/rss+xml"' in content and 'type="text/calendar"' in content


def test_calendar_shows_upcoming_meetings_by_default(client, body):
    MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=5), title="Budget workshop")
    MeetingFactory(body=body, starts_at=timezone.now() - datetime.timedelta(days=5), title="Last week's meeting")
    page = text(client.get(reverse("meetings:calendar")))
    assert "Upcoming meetings" in page and "Budget workshop" in page and "Last week's meeting" not in page


def test_calendar_filters_by_body_and_keeps_the_filter_on_month_links(client, body):
    MeetingFactory(body=body, starts_at=at(2009, 6, 4), title="Executive meeting")
    MeetingFactory(body=BodyFactory(), starts_at=at(2009, 6, 5), title="Other meeting")
    response = client.get(reverse("meetings:calendar"), {"month": "2009-06", "body": body.slug})
    assert "Executive meeting" in text(response) and "Other meeting" not in text(response)
    assert f"?month=2009-07&amp;body={body.slug}" in response.content.decode()


@pytest.mark.parametrize("query, message", [
    ({"month": "June"}, "“June” is not a month in the form YYYY-MM."),
    ({"month": "2009-13"}, "is not a month"),
    ({"body": "no-such-body"}, "There is no such body to filter by."),
    ({"page": "many"}, "Upcoming meetings"),
])
def test_calendar_explains_bad_filters(client, body, query, message):
    response = client.get(reverse("meetings:calendar"), query)
    assert response.status_code == 200 and message in text(response)


def test_calendar_hides_private_bodies_from_the_body_filter(client, body):
    BodyFactory(name="Funding task group", public=False)
    response = client.get(reverse("meetings:calendar"))
    assert "Funding task group" not in response.content.decode()


# --- A body's meetings -------------------------------------------------------------------

def test_body_meetings_page_lists_upcoming_and_past_meetings(client, body):
    MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=7), title="Next meeting")
    past = HeldMeetingFactory(body=body, starts_at=at(2009, 3, 1), title="Spring meeting")
    minutes_with(past)
    response = client.get(reverse("meetings:body-meetings", kwargs={"slug": body.slug}))
    page = text(response)
    assert "Coming up" in page and "Next meeting" in page and "Spring meeting" in page
    assert reverse("meetings:minutes", kwargs={"pk": past.pk}) in response.content.decode()
    assert reverse("meetings:body-ical", kwargs={"slug": body.slug}) in response.content.decode()


def test_body_page_links_its_meetings_and_the_header_links_the_calendar(client, body):
    response = client.get(body.get_absolute_url())
    content = response.content.decode()
    assert reverse("meetings:body-meetings", kwargs={"slug": body.slug}) in content
    assert f'href="{reverse("meetings:calendar")}"' in content


def test_body_page_shows_outcomes_of_its_child_bodies(client, body):
    child = BodyFactory(name="Fuel Poverty task group", parent=body)
    meeting = HeldMeetingFactory(body=child, starts_at=at(2009, 5, 6))
    minutes_with(meeting, decisions=["Fund the winter warmth scheme."])
    ActionFactory(meeting=meeting, text="Report take-up to the Executive", owner=PersonFactory(name="Jo Bell"))
    page = text(client.get(body.get_absolute_url()))
    assert "Outcomes from recent meetings" in page
    assert "Fuel Poverty task group, 6 May 2009" in page
    assert "Fund the winter warmth scheme." in page and "Report take-up to the Executive – Jo Bell" in page


# --- Reading the minutes -----------------------------------------------------------------

@pytest.fixture
def full_minutes(body):
    meeting = HeldMeetingFactory(body=body, starts_at=at(2009, 3, 5))
    approving = HeldMeetingFactory(body=body, starts_at=at(2009, 5, 7))
    item = AgendaItemFactory(meeting=meeting, position=3, title="Community Plan refresh")
    first = minutes_with(meeting, item=item, entries=["Members discussed the draft plan."], decisions=["Adopt the plan."])
    minutes = minutes_with(
        meeting, version=2, item=item, supersedes=first, correction_reason="Councillor Bell's apologies were omitted.",
        approved_at_meeting=approving, approved_on=D(2009, 5, 7), quorate=True,
        entries=["Members discussed the draft plan."], decisions=["Adopt the plan."],
    )
    alan = MembershipFactory(body=body, person=PersonFactory(name="Alan Tinnion"))
    AttendanceFactory(meeting=meeting, membership=alan, status=AttendanceStatus.DEPUTY, deputy=PersonFactory(name="Brenda Stoker"))
    carol = MembershipFactory(body=body, person=PersonFactory(name="Carol Bell"))
    AttendanceFactory(meeting=meeting, membership=carol, status=AttendanceStatus.APOLOGIES)
    AttendanceFactory(meeting=meeting, membership=MembershipFactory(body=body, person=PersonFactory(name="Dave Hall")))
    GuestFactory(meeting=meeting, name="Eve Shaw", organisation="Audit Commission", role="presenting item 3")
    DeclarationFactory(item=item, person=PersonFactory(name="Fay Kay"), description="Trustee of Carlisle CVS.")
    ActionFactory(
        meeting=meeting, item=item, text="Publish the plan", owner=PersonFactory(name="Gill Lamb"), due=D(2009, 4, 30),
        status=ActionStatus.DONE,
    )
    return minutes


def test_minutes_page_reads_as_the_record_of_the_meeting(client, full_minutes):
    meeting = full_minutes.meeting
    page = text(client.get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})))
    assert "Minutes of the meeting on 5 March 2009 Published" in page
    assert "Version 2, correcting version 1" in page
    assert "Approved at the meeting of 7 May 2009" in page
    assert "Version 2 corrected version 1: Councillor Bell's apologies were omitted." in page
    assert "Quorate Yes" in page
    assert "Brenda Stoker (deputy for Alan Tinnion)" in page
    assert "Apologies Carol Bell" in page and "Present Dave Hall" in page
    assert "Eve Shaw, Audit Commission (presenting item 3)" in page
    assert "3. Community Plan refresh" in page and "Members discussed the draft plan." in page
    assert "Fay Kay – non-pecuniary: Trustee of Carlisle CVS." in page
    assert "Adopt the plan." in page
    assert "Publish the plan Gill Lamb 30 Apr 2009 Done" in page


def test_members_read_draft_minutes_marked_as_drafts(client, body):
    meeting = HeldMeetingFactory(body=body)
    minutes_with(meeting, status=MinutesStatus.DRAFT, entries=["Draft text."], quorate=False)
    url = reverse("meetings:minutes", kwargs={"pk": meeting.pk})
    assert client.get(url).status_code == 404
    page = text(member_client(client, body).get(url))
    assert "Draft" in page and "have not yet been approved" in page and "Draft text." in page
    assert "the meeting was not quorate" in page


def test_minutes_of_a_missing_meeting_are_not_found(client):
    assert client.get(reverse("meetings:minutes", kwargs={"pk": 999999})).status_code == 404


def test_earlier_versions_can_be_read(client, full_minutes):
    url = reverse("meetings:minutes", kwargs={"pk": full_minutes.meeting_id})
    page = text(client.get(url, {"version": "1"}))
    assert "You are reading version 1." in page
    assert "Version 1" in text(client.get(url, {"version": "not-a-number"}))


# --- Minutes list, decisions register, search --------------------------------------------

def test_minutes_list_newest_first_and_filtered_by_body(client, body):
    older = minutes_with(HeldMeetingFactory(body=body, starts_at=at(2009, 1, 8)))
    newer = minutes_with(HeldMeetingFactory(body=body, starts_at=at(2009, 3, 5)))
    minutes_with(HeldMeetingFactory(body=BodyFactory(), starts_at=at(2009, 2, 5)))
    response = client.get(reverse("meetings:minutes-list"), {"body": body.slug})
    assert list(response.context["page"]) == [newer, older]


def test_decisions_register_filters_and_paginates(client, body):
    for month in range(1, 13):
        minutes_with(
            HeldMeetingFactory(body=body, starts_at=at(2009, month, 1)),
            decisions=[f"Decision {i} of month {month}" for i in range(5)],
        )
    url = reverse("meetings:decisions")
    first = client.get(url)
    assert first.context["page"].paginator.count == 60 and len(first.context["page"]) == 50
    assert "Decision 0 of month 12" in text(first)
    second = client.get(url, {"page": 2})
    assert "Decision 0 of month 1" in text(second)
    filtered = client.get(url, {"text": "month 3", "date_from": "2009-03-01", "date_to": "2009-03-31"})
    assert filtered.context["page"].paginator.count == 5
    # The page links keep the filter ({% querystring %}).
    page_one = client.get(url, {"text": "Decision", "body": body.slug})
    assert f'href="?text=Decision&amp;body={body.slug}&amp;page=2" rel="next"' in page_one.content.decode()


def test_decisions_register_explains_bad_dates(client, body):
    response = client.get(reverse("meetings:decisions"), {"date_from": "2009-06-01", "date_to": "2009-01-01"})
    assert "The end date is before the start date." in text(response)
    response = client.get(reverse("meetings:decisions"), {"date_from": "yesterday"})
    assert response.status_code == 200 and "Enter a valid date." in text(response)


def test_search_with_no_query_shows_the_form(client):
    response = client.get(reverse("meetings:search"))
    assert response.status_code == 200 and response.context["page"] is None
    assert 'name="q"' in response.content.decode()


def test_search_shows_snippets_with_the_words_marked(client, body):
    meeting = HeldMeetingFactory(body=body, starts_at=at(2009, 3, 5))
    minutes_with(meeting, entries=["The Partnership discussed <b>fuel</b> poverty in rural Carlisle."])
    response = client.get(reverse("meetings:search"), {"q": "poverty"})
    content = response.content.decode()
    # SQLite's fallback shows the tags as text; PostgreSQL's headline drops them. Neither runs them.
    assert "<mark>poverty</mark>" in content and "<b>fuel</b>" not in content
    assert reverse("meetings:minutes", kwargs={"pk": meeting.pk}) in content
    assert "1 result for “poverty”" in text(response)


def test_search_paginates(client, body):
    minutes = minutes_with(HeldMeetingFactory(body=body))
    for i in range(25):
        MinuteEntryFactory(minutes=minutes, text=f"Housing item {i}")
    response = client.get(reverse("meetings:search"), {"q": "housing", "page": 2})
    assert response.context["page"].number == 2 and len(response.context["page"]) == 5


def test_search_finds_meeting_titles_and_narrows_by_body_and_dates(client, body):
    event = HeldMeetingFactory(body=body, title="Focus On: affordable rural housing", starts_at=at(2010, 6, 17))
    minutes_with(event)
    minutes_with(HeldMeetingFactory(body=BodyFactory(slug="forum"), starts_at=at(2010, 7, 1)), entries=["Housing."])
    url = reverse("meetings:search")
    response = client.get(url, {"q": "housing"})
    assert "2 results for “housing”" in text(response)
    assert "Meeting title" in text(response) and "affordable rural <mark>housing</mark>" in response.content.decode()
    narrowed = client.get(url, {"q": "housing", "body": body.slug, "from": "2010-06-17", "to": "2010-06-17"})
    assert [r["meeting_pk"] for r in narrowed.context["page"]] == [event.pk]
    # The filter keeps what was asked, for the next search.
    content = narrowed.content.decode()
    assert f'<option value="{body.slug}" selected>' in content and 'name="from" value="2010-06-17"' in content
    empty = client.get(url, {"q": "housing", "from": "2011-01-01"})
    assert "Nothing in the minutes matches “housing” with these filters." in text(empty)


@pytest.mark.parametrize("params, error", [
    ({"from": "17/06/2010"}, "Meetings from: Give the date as YYYY-MM-DD, for example 2010-06-17."),
    ({"to": "2010-02-30"}, "Meetings to: Give the date as YYYY-MM-DD, for example 2010-06-17."),
    ({"from": "2010-06-01", "to": "2010-01-01"}, "Meetings to: The end date is before the start date."),
    ({"body": "no-such-body"}, "There is no such body to filter by."),
])
def test_search_explains_bad_filters_and_keeps_the_words(client, body, params, error):
    minutes_with(HeldMeetingFactory(body=body), entries=["Housing."])
    response = client.get(reverse("meetings:search"), {"q": "housing", **params})
    assert response.status_code == 200 and error in text(response)
    assert response.context["page"] is None and 'value="housing"' in response.content.decode()


def test_search_offers_private_bodies_only_to_their_readers(client, body):
    private = BodyFactory(name="Private board", slug="private-board", public=False)
    url = reverse("meetings:search")
    assert "There is no such body to filter by." in text(client.get(url, {"q": "x", "body": private.slug}))
    assert "Private board" not in text(client.get(url))
    member_client(client, private)
    assert "Private board" in text(client.get(url))


@pytest.mark.parametrize("q", ["\x00", "a" * 201, "'); DROP TABLE meetings_minutes; --", "<script>alert(1)</script>"])
def test_search_is_safe_with_any_input(client, body, q):
    minutes_with(HeldMeetingFactory(body=body), entries=["Housing."])
    response = client.get(reverse("meetings:search"), {"q": q})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
