"""The calendar: a month of meetings, the coming and past ones of a body, and the public calendar
the feeds serve (read as the public, whoever asks: calendar clients and feed readers come
without a session).

What a user may see comes from meetings/policy.py (meeting_policy); these functions only
shape it. Each list costs a fixed number of queries, whatever the number of meetings."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Exists,
    OuterRef,
)
from django.utils import timezone

from ..models import (
    MinutesStatus,
)
from ..policy import meeting_policy
from .scope import meetings_of, with_minutes_status

# The public's view, whoever asks: feeds are read by calendar clients and feed readers
# without a session (as the Popolo export is, partnerships/popolo.py).
PUBLIC = AnonymousUser()


def _start_of_today():
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))


def month_bounds(month):
    """Aware datetimes of the first instant of `month` (a date) and of the month after it."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return (
        timezone.make_aware(datetime.datetime.combine(first, datetime.time.min)),
        timezone.make_aware(datetime.datetime.combine(following, datetime.time.min)),
    )


def calendar(user, *, month=None, body=None):
    """Meetings the user may see, in date order: those of `month` (a date in it), or from today
    on when no month is given; of one body (and its joint meetings) when `body` is given."""
    meetings = meeting_policy.visible(user).select_related("body")
    if body is not None:
        meetings = meetings.filter(meetings_of(body))
    if month is not None:
        start, end = month_bounds(month)
        meetings = meetings.filter(starts_at__gte=start, starts_at__lt=end)
    else:
        meetings = meetings.filter(starts_at__gte=_start_of_today())
    return with_minutes_status(meetings, user).order_by("starts_at", "pk")


def upcoming_meetings(user, *, body=None):
    """Meetings from today on that the user may see, soonest first."""
    return calendar(user, body=body)


def past_meetings(user, *, body=None):
    """Meetings before today that the user may see, newest first."""
    meetings = meeting_policy.visible(user).select_related("body").filter(starts_at__lt=_start_of_today())
    if body is not None:
        meetings = meetings.filter(meetings_of(body))
    return with_minutes_status(meetings, user).order_by("-starts_at", "-pk")


def public_calendar(*, body=None):
    """Meetings for the iCalendar feeds: the public's view, newest first, each with
    `minutes_published`."""
    meetings = meeting_policy.visible(PUBLIC).select_related("body")
    if body is not None:
        meetings = meetings.filter(meetings_of(body))
    published = meeting_policy.visible_minutes(PUBLIC).filter(
        status=MinutesStatus.PUBLISHED, meeting=OuterRef("pk")
    )
    return meetings.annotate(minutes_published=Exists(published)).order_by("-starts_at", "-pk")
