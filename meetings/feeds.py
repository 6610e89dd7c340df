"""Feeds read by calendar clients and feed readers: an iCalendar feed of meetings and RSS/Atom
feeds of published minutes. They never look at the session: what they show is the public's
view, whoever asks (as the Popolo export does, partnerships/popolo.py)."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from icalendar import Calendar, Event

from .models import MeetingStatus
from .selectors import PUBLIC, outcomes_for, public_calendar, published_minutes

# Calendar clients show an event without an end as a moment; the portal's meetings run
# about two hours when no end time was recorded.
ASSUMED_LENGTH = datetime.timedelta(hours=2)
# Enough for a year or two of a large partnership's meetings; calendar clients poll the feed
# often, so it stays small.
ICAL_MEETINGS = 1000
FEED_ITEMS = 30


def _utc(value):
    return value.astimezone(datetime.timezone.utc)


def _portal_url(path):
    """An absolute URL on the portal's own address (PORTAL_BASE_URL), whatever Host a request
    named: identifiers built from it stay the same however the portal is reached."""
    return f"{settings.PORTAL_BASE_URL}{path}"


def meeting_uid(meeting):
    # RFC 5545 UIDs must be globally unique and never change: a UID taken from the request's
    # Host gave one meeting a new UID per address it was fetched at, so clients showed it twice.
    return f"meeting-{meeting.pk}@{urlsplit(settings.PORTAL_BASE_URL).hostname or 'portal'}"


def meeting_event(meeting, request, *, stamp):
    """One VEVENT; its UID stays the same for the meeting's life, so clients update it."""
    event = Event()
    url = request.build_absolute_uri(meeting.get_absolute_url())
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at or meeting.starts_at + ASSUMED_LENGTH))
    event.add("summary", f"{meeting.body.name} – {meeting.display_title}")
    if meeting.venue:
        event.add("location", meeting.venue)
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    lines = [f"{meeting.get_kind_display()} of {meeting.body.name}.", f"Agenda and papers: {url}"]
    if meeting.minutes_published:
        lines.append(f"Minutes: {request.build_absolute_uri(reverse('meetings:minutes', kwargs={'pk': meeting.pk}))}")
    event.add("description", "\n".join(lines))
    return event


def ical_response(request, *, name, body=None):
    """The public's meetings (of `body`, or all) as text/calendar."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.PORTAL_NAME}//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = _utc(datetime.datetime.now(datetime.timezone.utc)).replace(microsecond=0)
    for meeting in public_calendar(body=body)[:ICAL_MEETINGS]:
        calendar.add_component(meeting_event(meeting, request, stamp=stamp))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


class MinutesFeed(Feed):
    """RSS 2.0: the newest published minutes of public meetings, each described by its
    outcomes (seed 003: a written summary of each meeting)."""

    description = "Minutes of the partnership's public meetings, as they are published."

    def feed_guid(self):
        return _portal_url(self.link())

    def author_name(self):
        return settings.PORTAL_NAME

    def author_link(self):
        return _portal_url("/")

    def title(self):
        return f"{settings.PORTAL_NAME}: published minutes"

    def link(self):
        return reverse("meetings:minutes-list")

    def items(self):
        minutes = list(published_minutes(PUBLIC)[:FEED_ITEMS])
        return outcomes_for(PUBLIC, minutes)

    def item_title(self, outcomes):
        meeting = outcomes.meeting
        return f"{meeting.body.name} – {meeting.display_title}, {meeting.starts_at:%-d %B %Y}"

    def item_link(self, outcomes):
        return reverse("meetings:minutes", kwargs={"pk": outcomes.meeting.pk})

    def item_guid(self, outcomes):
        # Absolute (RFC 4287 atom:id is an IRI) and on the portal's fixed address; a corrected
        # version is a new item for readers that already saw the first.
        return _portal_url(f"{self.item_link(outcomes)}#version-{outcomes.minutes.version}")

    item_guid_is_permalink = False

    def item_description(self, outcomes):
        if not outcomes.decisions:
            return "<p>No decisions recorded.</p>"
        return format_html(
            "<p>Decisions:</p><ul>{}</ul>",
            format_html_join("", "<li>{}</li>", ((decision.text,) for decision in outcomes.decisions)),
        )

    def item_pubdate(self, outcomes):
        return outcomes.minutes.published_at

    def item_updateddate(self, outcomes):
        return outcomes.minutes.published_at

    def item_author_name(self, outcomes):
        # Minutes are the record of the body that met.
        return outcomes.meeting.body.name

    def item_categories(self, outcomes):
        return [outcomes.meeting.body.name]


class MinutesAtomFeed(MinutesFeed):
    feed_type = Atom1Feed
    subtitle = MinutesFeed.description
