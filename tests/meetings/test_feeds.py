import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings.models import MeetingKind, MeetingStatus, MinutesStatus
from tests.factories import BodyFactory
from tests.meetings.factories import (
    AgendaItemFactory,
    DecisionFactory,
    HeldMeetingFactory,
    MeetingFactory,
    at,
    minutes_with,
)

pytestmark = pytest.mark.django_db
UTC = datetime.timezone.utc
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def portal_address(settings):
    settings.PORTAL_BASE_URL = "https://partnership.example.org"


@pytest.fixture
def body():
    return BodyFactory(name="Carlisle Partnership Executive", slug="carlisle-executive")


def events(response):
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_ical_feed_describes_each_public_meeting(client, body):
    held = HeldMeetingFactory(
        body=body, starts_at=at(2009, 6, 4, 14), ends_at=at(2009, 6, 4, 16, 30), venue="Carlisle Civic Centre",
    )
    minutes_with(held)
    cancelled = MeetingFactory(body=body, starts_at=at(2009, 12, 3), ends_at=None, status=MeetingStatus.CANCELLED,
                               kind=MeetingKind.WORKSHOP, title="Budget workshop")
    response = client.get(reverse("meetings:ical"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, by_uid = events(response)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"]).startswith("-//")
    assert str(calendar["X-WR-CALNAME"]).endswith("meetings")

    event = by_uid[f"meeting-{held.pk}@partnership.example.org"]
    # British Summer Time: 14:00 in Carlisle is 13:00 UTC.
    assert event.decoded("DTSTART") == datetime.datetime(2009, 6, 4, 13, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime.datetime(2009, 6, 4, 15, 30, tzinfo=UTC)
    assert "DTSTAMP" in event
    assert str(event["SUMMARY"]) == "Carlisle Partnership Executive – Business meeting"
    assert str(event["LOCATION"]) == "Carlisle Civic Centre"
    assert str(event["URL"]) == f"http://testserver/meetings/{held.pk}/"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert f"http://testserver/meetings/{held.pk}/minutes/" in str(event["DESCRIPTION"])

    other = by_uid[f"meeting-{cancelled.pk}@partnership.example.org"]
    assert str(other["STATUS"]) == "CANCELLED" and str(other["SUMMARY"]).endswith("– Budget workshop")
    # No end recorded: the feed assumes two hours, in GMT this time.
    assert other.decoded("DTEND") - other.decoded("DTSTART") == datetime.timedelta(hours=2)
    assert other.decoded("DTSTART") == datetime.datetime(2009, 12, 3, 18, 0, tzinfo=UTC)
    assert "minutes" not in str(other["DESCRIPTION"]).lower()


def test_a_bodys_ical_feed_has_only_its_meetings(client, body):
    own = MeetingFactory(body=body)
    MeetingFactory(body=BodyFactory())
    response = client.get(reverse("meetings:body-ical", kwargs={"slug": body.slug}))
    calendar, by_uid = events(response)
    assert list(by_uid) == [f"meeting-{own.pk}@partnership.example.org"]
    assert str(calendar["X-WR-CALNAME"]) == "Carlisle Partnership Executive: meetings"


def test_ical_uids_are_stable(client, body):
    MeetingFactory(body=body)
    url = reverse("meetings:ical")
    assert list(events(client.get(url))[1]) == list(events(client.get(url))[1])


def test_ical_uids_do_not_follow_the_requests_host(client, body, settings):
    """Calendar clients reaching the portal at two addresses must see one event, not two."""
    settings.ALLOWED_HOSTS = ["partnership.example.org", "www.partnership.example.org", "10.0.0.5"]
    meeting = MeetingFactory(body=body)
    for path in (reverse("meetings:ical"), reverse("meetings:body-ical", kwargs={"slug": body.slug})):
        uids = {host: list(events(client.get(path, HTTP_HOST=host))[1])
                for host in ("www.partnership.example.org", "10.0.0.5:8000")}
        assert uids["www.partnership.example.org"] == uids["10.0.0.5:8000"] == [f"meeting-{meeting.pk}@partnership.example.org"]


@pytest.fixture
def published(body):
    older = minutes_with(HeldMeetingFactory(body=body, starts_at=at(2009, 3, 5)), decisions=["Adopt the <Community> Plan."])
    newer = minutes_with(HeldMeetingFactory(body=body, starts_at=at(2009, 5, 7)), decisions=["Fund the food bank."])
    secret = AgendaItemFactory(meeting=newer.meeting, confidential=True)
    DecisionFactory(minutes=newer, item=secret, text="Restructure the team.")
    minutes_with(HeldMeetingFactory(body=body, starts_at=at(2009, 7, 2)), status=MinutesStatus.APPROVED)
    return older, newer


def test_rss_feed_lists_published_minutes_with_their_decisions(client, published):
    older, newer = published
    response = client.get(reverse("meetings:minutes-feed"))
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title").endswith("published minutes")
    items = channel.findall("item")
    assert [i.findtext("link") for i in items] == [
        f"http://testserver/meetings/{newer.meeting_id}/minutes/", f"http://testserver/meetings/{older.meeting_id}/minutes/",
    ]
    assert items[0].findtext("title") == "Carlisle Partnership Executive – Business meeting, 7 May 2009"
    assert "<li>Fund the food bank.</li>" in items[0].findtext("description")
    assert "Restructure" not in response.content.decode()
    assert "<li>Adopt the &lt;Community&gt; Plan.</li>" in items[1].findtext("description")
    assert items[0].findtext("pubDate").endswith("+0000") or items[0].findtext("pubDate").endswith("+0100")


def test_atom_feed_lists_the_same_minutes(client, published):
    older, newer = published
    response = client.get(reverse("meetings:minutes-atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        f"http://testserver/meetings/{newer.meeting_id}/minutes/", f"http://testserver/meetings/{older.meeting_id}/minutes/",
    ]
    assert entries[0].findtext(f"{ATOM}updated").startswith("2009-05-08")
    assert "Fund the food bank." in entries[0].findtext(f"{ATOM}summary")


def test_atom_feed_follows_rfc_4287(client, published, settings):
    """Every atom:id is an absolute IRI on the portal's fixed address (not the Host asked for),
    and the feed names its author, so every entry has one."""
    older, newer = published
    settings.ALLOWED_HOSTS = ["partnership.example.org", "10.0.0.5"]
    feed = ET.fromstring(client.get(reverse("meetings:minutes-atom"), HTTP_HOST="10.0.0.5").content)
    assert feed.findtext(f"{ATOM}id") == "https://partnership.example.org/minutes/"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == settings.PORTAL_NAME
    assert feed.findtext(f"{ATOM}author/{ATOM}uri") == "https://partnership.example.org/"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"https://partnership.example.org/meetings/{newer.meeting_id}/minutes/#version-1",
        f"https://partnership.example.org/meetings/{older.meeting_id}/minutes/#version-1",
    ]
    assert {e.findtext(f"{ATOM}author/{ATOM}name") for e in entries} == {"Carlisle Partnership Executive"}
    for entry in entries:
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}updated")
