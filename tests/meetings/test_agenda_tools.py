"""The clerk's agenda tools (issue 11): the standard items, copying the last meeting's agenda, a
year's series of meetings at once, the "minutes of the last meeting" item, confirmation before
removing or publishing, and revision notes for a changed published agenda."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import AgendaRevision, Meeting, MeetingStatus, MinutesStatus, Paper, Purpose
from tests.meetings.factories import at, minutes_with, pdf_upload, user_on

from .pages import text, titles, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]
DAY = datetime.timedelta(days=1)


@pytest.fixture
def last(body):
    """The body's last meeting, held, with an agenda of three items and a paper."""
    meeting = services.create_meeting(body, starts_at=at(2009, 11, 5), status=MeetingStatus.HELD)
    strategy = services.add_agenda_item(meeting, "Community Strategy refresh", presenter="Policy officer",
                                        description="The themes for 2010.")
    services.add_agenda_item(meeting, "Funding bids", purpose=Purpose.DECISION, confidential=True,
                             exempt_reason="Paragraph 3: information relating to the financial or business affairs")
    services.add_agenda_item(meeting, "Minutes of the last meeting", purpose=Purpose.DECISION)
    services.upload_paper(strategy, pdf_upload("themes.pdf"), "Themes")
    return meeting


@pytest.fixture
def coming(body, last):
    return services.create_meeting(body, starts_at=timezone.now() + 10 * DAY, venue="Civic Centre")


# --- Standard items ----------------------------------------------------------------------


def test_the_standard_items_are_added_in_their_usual_places_once(officer, coming, last):
    services.add_agenda_item(coming, "Community Strategy refresh")
    services.add_agenda_item(coming, "Apologies")  # already there, under another title
    response = officer.post(url("agenda-edit", coming), {"do": "standard-items"}, follow=True)
    assert titles(coming) == [
        "Apologies", "Declarations of interest", "Minutes of the last meeting", "Community Strategy refresh",
        "Any other business",
    ]
    assert "Added “Declarations of interest”, “Minutes of the last meeting”, “Any other business”." in text(response)
    assert coming.items.get(title="Minutes of the last meeting").minutes_of == last

    response = officer.post(url("agenda-edit", coming), {"do": "standard-items"}, follow=True)
    assert len(titles(coming)) == 5
    assert "The agenda already has the standard items." in text(response)


def test_a_bodys_first_meeting_gets_no_minutes_of_the_last_meeting(body):
    first = services.create_meeting(body, starts_at=at(2030, 1, 10))
    services.add_standard_items(first)
    assert titles(first) == ["Apologies for absence", "Declarations of interest", "Any other business"]


# --- Copying the last agenda ------------------------------------------------------------------


def test_the_last_meetings_agenda_is_copied_onto_an_empty_one_without_papers(officer, coming, last):
    page = text(officer.get(url("agenda-edit", coming)))
    assert "Copy the last meeting's agenda" in page
    officer.post(url("agenda-edit", coming), {"do": "copy-previous"})
    assert titles(coming) == ["Community Strategy refresh", "Funding bids", "Minutes of the last meeting"]
    strategy, bids, minutes_item = coming.items.order_by("position")
    assert (strategy.presenter, strategy.description) == ("Policy officer", "")
    assert bids.confidential and bids.purpose == Purpose.DECISION and bids.exempt_reason.startswith("Paragraph 3")
    assert minutes_item.minutes_of == last
    assert not Paper.objects.filter(item__meeting=coming).exists()


def test_copying_onto_an_agenda_with_items_is_refused_and_says_so(officer, coming):
    services.add_agenda_item(coming, "Already here")
    assert "works only on an empty agenda" in text(officer.get(url("agenda-edit", coming)))
    response = officer.post(url("agenda-edit", coming), {"do": "copy-previous"}, follow=True)
    assert "can be copied only onto an empty agenda" in text(response)
    assert titles(coming) == ["Already here"]


# --- A series of meetings ---------------------------------------------------------------------


def _schedule(officer, body, **fields):
    data = {"kind": "business", "title": "", "starts_at": "2030-01-10T18:00", "ends_at": "2030-01-10T20:00",
            "venue": "Civic Centre", **fields}
    return officer.post(reverse("meetings:meeting-add", kwargs={"slug": body.slug}), data, follow=True)


def test_a_years_meetings_are_scheduled_at_once_at_the_same_local_time(officer, body):
    response = _schedule(officer, body, repeat="monthly", repeat_until="2030-12-31")
    assert "Scheduled 12 meetings of Carlisle Partnership Executive, from 10 January 2030 to 10 December 2030." in text(response)
    meetings = list(Meeting.objects.filter(body=body).order_by("starts_at"))
    assert [timezone.localtime(m.starts_at).strftime("%d %b %H:%M") for m in meetings[:7:6]] == ["10 Jan 18:00", "10 Jul 18:00"]
    assert all(m.ends_at - m.starts_at == datetime.timedelta(hours=2) for m in meetings)


def test_every_six_weeks(officer, body):
    _schedule(officer, body, repeat="weeks", every="6", repeat_until="2030-04-30")
    starts = [timezone.localtime(m.starts_at).date() for m in Meeting.objects.filter(body=body).order_by("starts_at")]
    assert starts == [datetime.date(2030, 1, 10), datetime.date(2030, 2, 21), datetime.date(2030, 4, 4)]


@pytest.mark.parametrize(("fields", "message"), [
    ({"repeat": "monthly", "repeat_until": "2031-03-01"}, "A series can run for a year at most: choose a date up to 10 January 2031."),
    ({"repeat": "monthly", "repeat_until": "2029-12-01"}, "Choose a last date after the first meeting."),
    ({"repeat": "monthly", "repeat_until": ""}, "Choose the date of the last meeting of the series."),
    ({"repeat": "weeks", "every": "", "repeat_until": "2030-06-01"}, "Say every how many weeks the meeting repeats"),
    ({"repeat": "weeks", "every": "40", "repeat_until": "2030-06-01"}, "Choose from 1 to 26 weeks."),
    ({"repeat": "monthly", "repeat_until": "2030-13-45"}, "Enter a real date"),
])
def test_a_series_that_cannot_be_is_refused_keeping_what_was_typed(officer, body, fields, message):
    response = _schedule(officer, body, venue="Tullie House", **fields)
    assert response.status_code == 200
    page = text(response)
    assert message in page and 'value="Tullie House"' in page
    assert not Meeting.objects.filter(body=body).exists()


def test_editing_a_meeting_offers_no_series(officer, coming):
    assert "Repeat" not in text(officer.get(url("meeting-edit", coming)))


# --- Minutes of the last meeting ---------------------------------------------------------


def test_the_minutes_item_links_the_newest_minutes_each_reader_may_see(client, body, coming, last):
    minutes_with(last, entries=["The refresh was discussed."])
    draft = services.correct_minutes(last.minutes_versions.get(), "Item 1: wrong date.", None)
    services.add_standard_items(coming)
    services.publish_agenda(coming)
    minutes_link = reverse("meetings:minutes", kwargs={"pk": last.pk})

    public = text(client.get(coming.get_absolute_url()))
    assert f'href="{minutes_link}"' in public and "(version 1, published)" in public

    client.force_login(user_on(body))
    member = text(client.get(coming.get_absolute_url()))
    assert f"(version {draft.version}, draft)" in member


def test_unpublished_minutes_are_not_linked_for_the_public(client, body, coming, last):
    minutes_with(last, status=MinutesStatus.DRAFT, entries=["Draft text."])
    services.add_standard_items(coming)
    services.publish_agenda(coming)
    page = text(client.get(coming.get_absolute_url()))
    assert "The minutes of the meeting on 5 November 2009 are not yet available." in page
    assert reverse("meetings:minutes", kwargs={"pk": last.pk}) not in page


# --- Confirmation and revisions ---------------------------------------------------------------


def test_a_change_to_a_published_agenda_needs_a_reason_and_is_shown_as_a_revision(client, officer, coming):
    services.add_agenda_item(coming, "Community Strategy refresh")
    services.publish_agenda(coming)
    data = {"do": "add", "title": "Funding bids", "purpose": "decision", "presenter": "", "description": ""}
    response = officer.post(url("agenda-edit", coming), data)
    assert response.status_code == 200 and "say briefly why you are changing it" in text(response)
    assert 'value="Funding bids"' in text(response)
    assert titles(coming) == ["Community Strategy refresh"]

    officer.post(url("agenda-edit", coming), {**data, "revision_reason": "Added at the Chair's request."})
    assert titles(coming) == ["Community Strategy refresh", "Funding bids"]
    revision = AgendaRevision.objects.get(meeting=coming)
    assert (revision.reason, revision.change) == ("Added at the Chair's request.", "Added item 2, “Funding bids”.")
    assert revision.made_by is not None
    client.logout()
    public = text(client.get(coming.get_absolute_url()))
    assert f"Revised on {timezone.localtime(revision.made_at):%-d %B %Y}: Added at the Chair's request." in public


def test_a_move_on_a_published_agenda_asks_why_first(officer, coming):
    first = services.add_agenda_item(coming, "Apologies")
    second = services.add_agenda_item(coming, "Community Strategy refresh")
    services.publish_agenda(coming)
    assert "hx-post" not in officer.get(url("agenda-edit", coming)).content.decode().split('id="agenda-items"')[1].split("</table>")[0]
    data = {"do": "move", "item": second.pk, "direction": "up"}
    response = officer.post(url("agenda-edit", coming), data)
    assert "Why is the published agenda changing?" in text(response)
    assert titles(coming) == ["Apologies", "Community Strategy refresh"]
    response = officer.post(url("agenda-edit", coming), {**data, "confirmed": "yes", "revision_reason": ""})
    assert response.status_code == 400 and titles(coming) == ["Apologies", "Community Strategy refresh"]
    officer.post(url("agenda-edit", coming), {**data, "confirmed": "yes", "revision_reason": "Taken first."})
    assert titles(coming) == ["Community Strategy refresh", "Apologies"]
    assert AgendaRevision.objects.get().change == "Moved item 2, “Community Strategy refresh”, up to number 1."
    assert first.pk


def test_removing_a_confidential_item_from_a_published_agenda_keeps_its_title_out_of_the_revision(client, officer, coming):
    secret = services.add_agenda_item(coming, "Appraisal of the Harraby bid", confidential=True)
    services.publish_agenda(coming)
    confirm = text(officer.post(url("agenda-edit", coming), {"do": "delete", "item": secret.pk}))
    assert "This cannot be undone." in confirm and "Why is the published agenda changing?" in confirm
    officer.post(url("agenda-edit", coming), {"do": "delete", "item": secret.pk, "confirmed": "yes",
                                              "revision_reason": "Withdrawn by the applicant."})
    assert not coming.items.exists()
    assert AgendaRevision.objects.get().change == "Removed item 1 (confidential) and its papers."
    client.logout()
    public = text(client.get(coming.get_absolute_url()))
    assert "Withdrawn by the applicant." in public and "Harraby" not in public


def test_the_publish_confirmation_says_who_will_read_the_agenda(officer, coming):
    services.add_agenda_item(coming, "Community Strategy refresh")
    page = text(officer.post(url("agenda-publish", coming), {"when": "now"}))
    assert "Publish the agenda now?" in page and "Its 1 item and papers become readable by the public" in page
    assert 'name="confirmed" value="yes"' in page and 'name="when" value="now"' in page
    coming.refresh_from_db()
    assert not coming.agenda_is_published
