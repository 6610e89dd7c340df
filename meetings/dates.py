"""The range of dates a meeting can have: one rule for the meeting form, the services, the
imports and the calendar's month filter.

Dates far outside it are typing mistakes (year 9999, year 1), and they broke date arithmetic
further on (the iCalendar feeds, the agenda editor's "papers due" date, the calendar's next
month), so they are refused where they come in, with a message that says what is allowed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

# The partnerships' records reach back to their predecessors' committees; nothing earlier is a
# real meeting of theirs.
EARLIEST_YEAR = 1950
# Far enough for a body's long-range timetable; anything later is a typing mistake.
YEARS_AHEAD = 20


def meeting_date_range(today=None):
    """(first, last) dates a meeting may fall on, both included."""
    today = today or timezone.localdate()
    return datetime.date(EARLIEST_YEAR, 1, 1), datetime.date(today.year + YEARS_AHEAD, 12, 31)


def meeting_date_problem(value, today=None):
    """Why a meeting cannot be on `value` (a date or an aware datetime), or "" if it can."""
    if value is None:
        return ""
    # The datetime's own calendar date: converting year 1 or 9999 to another zone can overflow.
    day = value.date() if isinstance(value, datetime.datetime) else value
    first, last = meeting_date_range(today)
    if first <= day <= last:
        return ""
    return (
        f"{day:%-d %B} {day.year} is outside the dates a meeting can have: choose a date from "
        f"{first.year} to {last.year}."
    )


def validate_meeting_date(value):
    problem = meeting_date_problem(value)
    if problem:
        raise ValidationError(problem, code="meeting_date_out_of_range")
