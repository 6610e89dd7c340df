"""Reads for the pages members and the public see, by what they read: which meetings and
versions of the minutes a reading covers (scope), the calendar and feeds (calendar), the minutes,
outcome summaries and the decisions register (minutes), search (search), and a member's own
meetings, actions and apologies (mine).

What a user may see comes from meetings/policy.py (meeting_policy); these functions only
shape it. Each list costs a fixed number of queries, whatever the number of meetings. Callers
use `from meetings import selectors` and `selectors.<name>`: the names below are the interface.
"""

from .calendar import (  # noqa: F401
    PUBLIC,
    calendar,
    month_bounds,
    past_meetings,
    public_calendar,
    upcoming_meetings,
)
from .mine import (  # noqa: F401
    AttendanceRecord,
    apologies_seat,
    my_actions,
    my_apologies,
    my_attendance,
    my_bodies,
    my_minutes_to_read,
    my_seat_at,
    my_upcoming_meetings,
    takes_apologies,
)
from .minutes import (  # noqa: F401
    ItemRecord,
    MinutesReading,
    Outcomes,
    decisions_register,
    minutes_for_meeting,
    outcomes_for,
    outcomes_summary,
    published_minutes,
    recent_outcomes_for_body,
)
from .scope import (  # noqa: F401
    current_minutes,
    meetings_of,
    newest_of,
    newest_published,
    of_meetings,
    settled_minutes,
    with_minutes_status,
)
from .search import (  # noqa: F401
    MAX_TERMS,
    SNIPPET_CHARS,
    search_minutes,
    search_terms,
    snippet_html,
    with_snippets,
)
