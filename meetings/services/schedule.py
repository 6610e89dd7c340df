"""Meetings: one or a series, their dates and joint bodies, status changes, cancelling.

Every function validates before it saves and raises ValidationError with a message a clerk can
act on; nothing is half-written when it does."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..dates import meeting_date_problem
from ..models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
)


def _validate_meeting(meeting, joint_with):
    errors = {}
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = "The meeting must end after it starts: check the finishing time and date."
    if joint_with is not None:
        if any(body.pk == meeting.body_id for body in joint_with):
            errors["joint_with"] = f"{meeting.body} is the body holding the meeting: choose the other bodies."
        elif meeting.kind == MeetingKind.JOINT and not joint_with:
            errors["joint_with"] = "Choose the bodies that meet jointly with this one."
    if errors:
        raise ValidationError(errors)
    meeting.full_clean()


SERIES_REPEATS = {"weeks", "monthly"}


def _add_months(day, months):
    """The same day `months` later; the month's last day when it is shorter (31 January, then
    28 February)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return day.replace(year=year, month=month, day=min(day.day, last))


def series_starts(starts_at, *, repeat, until, every=1):
    """The start of each meeting of a series: `starts_at`, then every `every` weeks or
    (repeat="monthly") each month on the same day, up to and including the date `until`, at the
    same local time. ValidationError if the series runs past a year or outside the dates a meeting
    can have (dates.meeting_date_range)."""
    if repeat not in SERIES_REPEATS:
        raise ValidationError({"repeat": "Choose how often the meetings repeat."})
    if repeat == "weeks" and not (every and 1 <= every <= 26):
        raise ValidationError({"every": "Choose a number of weeks from 1 to 26."})
    local = timezone.localtime(starts_at)
    first = local.date()
    if until is None or until <= first:
        raise ValidationError({"repeat_until": "Choose a last date after the first meeting."})
    year_later = _add_months(first, 12)
    if until > year_later:
        raise ValidationError(
            {"repeat_until": f"A series can run for a year at most: choose a date up to {year_later:%-d %B %Y}."}
        )
    problem = meeting_date_problem(until)
    if problem:
        raise ValidationError({"repeat_until": problem})
    days, n = [], 0
    while True:
        day = first + datetime.timedelta(weeks=every * n) if repeat == "weeks" else _add_months(first, n)
        if day > until:
            break
        days.append(day)
        n += 1
    naive = timezone.make_naive(starts_at)
    return [timezone.make_aware(datetime.datetime.combine(day, naive.time())) for day in days]


def create_meeting_series(body, *, repeat, until, every=1, joint_with=(), **fields):
    """Schedule a series of meetings of `body` (series_starts), all or none, each as
    create_meeting would; the list of meetings in date order."""
    starts = series_starts(fields["starts_at"], repeat=repeat, until=until, every=every)
    length = fields["ends_at"] - fields["starts_at"] if fields.get("ends_at") else None
    joint_with = list(joint_with)
    meetings = []
    with transaction.atomic():
        for start in starts:
            end = start + length if length is not None else None
            meetings.append(create_meeting(body, joint_with=joint_with, **{**fields, "starts_at": start, "ends_at": end}))
    return meetings


def create_meeting(body, *, joint_with=(), **fields):
    """Schedule a meeting of `body`; `fields` are the Meeting's (starts_at, ends_at, kind...)."""
    meeting = Meeting(body=body, **fields)
    joint_with = list(joint_with)
    _validate_meeting(meeting, joint_with)
    with transaction.atomic():
        meeting.save()
        meeting.joint_with.set(joint_with)
    return meeting


def _status_change_error(meeting, old_status):
    new = meeting.status
    if new == old_status:
        return None
    if old_status == MeetingStatus.HELD and new == MeetingStatus.CANCELLED:
        return "This meeting was held: it cannot be cancelled afterwards."
    if new == MeetingStatus.HELD and meeting.starts_at > timezone.now():
        return "This meeting has not started yet: it can be marked as held once it has taken place."
    if old_status == MeetingStatus.HELD and meeting.minutes_versions.exists():
        return "This meeting has minutes: it stays marked as held."
    return None


def update_meeting(meeting, *, joint_with=None, **fields):
    """Change a meeting's details; a change of status follows cancel/held rules."""
    old_status = Meeting.objects.values_list("status", flat=True).get(pk=meeting.pk)
    for field, value in fields.items():
        setattr(meeting, field, value)
    joint_with = None if joint_with is None else list(joint_with)
    if joint_with is None and meeting.kind == MeetingKind.JOINT:
        joint_with = list(meeting.joint_with.all())
    error = _status_change_error(meeting, old_status)
    if error:
        raise ValidationError({"status": error})
    _validate_meeting(meeting, joint_with)
    with transaction.atomic():
        meeting.save()
        if joint_with is not None:
            meeting.joint_with.set(joint_with)
    return meeting


def cancel_meeting(meeting):
    """Cancel a meeting that has not been held; its agenda and papers are kept."""
    return update_meeting(meeting, status=MeetingStatus.CANCELLED)


def mark_meeting_held(meeting):
    return update_meeting(meeting, status=MeetingStatus.HELD)


# ---------------------------------------------------------------------------------------------


def lock_meeting(meeting):
    """Serialise changes to one meeting's agenda (positions, publication)."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)
