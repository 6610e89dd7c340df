"""Reading the minutes: a meeting's minutes as a user may read them, item by item; the published
minutes; outcome summaries (written summaries of each meeting for the other bodies, as the
Wychavon review asks); the decisions register.

What a user may see comes from meetings/policy.py (meeting_policy); these functions only
shape it. Each list costs a fixed number of queries, whatever the number of meetings."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Q,
)

from partnerships.models import BodyLink

from ..models import (
    Action,
    Attendance,
    AttendanceStatus,
    Decision,
    Declaration,
    Meeting,
    Minutes,
)
from ..policy import WithheldItem, meeting_policy
from .scope import current_minutes, newest_published, of_meetings, settled_minutes
from .search import search_terms


@dataclass
class ItemRecord:
    """What the minutes say about one agenda item (or about no item: `item` is None)."""

    item: object
    entries: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    declarations: list = field(default_factory=list)


@dataclass
class MinutesReading:
    minutes: Minutes
    versions: list
    records: list
    present: list
    deputies: list
    apologies: list
    absent: list
    guests: list

    @property
    def is_newest(self):
        return self.minutes == self.versions[0]

    @property
    def corrections(self):
        """Versions up to the one shown that corrected an earlier one, newest first."""
        return [v for v in self.versions if v.version <= self.minutes.version and v.supersedes_id]


def minutes_for_meeting(user, meeting, *, version=None):
    """The minutes of `meeting` as `user` should read them, or None when the user may see no
    version. Readers get the newest version whatever its status, the public the newest
    published one; `version` picks an earlier visible version. Confidential items' entries,
    decisions, actions and declarations are left out unless the user may read them."""
    versions = list(
        meeting_policy.visible_minutes(user, meeting.minutes_versions.all())
        .select_related("approved_at_meeting", "supersedes")
        .order_by("-version")
    )
    if not versions:
        return None
    minutes = next((v for v in versions if v.version == version), versions[0])

    def visible(queryset):
        return list(meeting_policy.without_confidential(user, queryset))

    entries = visible(minutes.entries.select_related("item"))
    decisions = visible(minutes.decisions.select_related("item"))
    actions = visible(meeting.actions.select_related("item", "owner").order_by("item__position", "due", "pk"))
    declarations = visible(Declaration.objects.filter(item__meeting=meeting).select_related("item", "person"))
    records = {}
    for kind, rows in (("entries", entries), ("decisions", decisions), ("actions", actions), ("declarations", declarations)):
        for row in rows:
            record = records.setdefault(row.item_id, ItemRecord(row.item))
            getattr(record, kind).append(row)
    if not meeting_policy.can_see_confidential(user, meeting):
        # Exempt items keep their place ("Item 5: exempt", with the reason): numbering runs on.
        for position, reason in meeting.items.filter(confidential=True).values_list("position", "exempt_reason"):
            records[("withheld", position)] = ItemRecord(WithheldItem(position, reason))
    ordered = sorted(records.values(), key=lambda r: (r.item is not None, r.item.position if r.item else 0))

    attendances = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("membership__person", "membership__organisation", "deputy")
        .order_by("membership__person__name")
    )
    by_status = defaultdict(list)
    for attendance in attendances:
        by_status[attendance.status].append(attendance)
    return MinutesReading(
        minutes=minutes,
        versions=versions,
        records=ordered,
        present=by_status[AttendanceStatus.PRESENT],
        deputies=by_status[AttendanceStatus.DEPUTY],
        apologies=by_status[AttendanceStatus.APOLOGIES],
        absent=by_status[AttendanceStatus.ABSENT],
        guests=list(meeting.guests.all()),
    )


def published_minutes(user, *, body=None):
    """The newest published version of each meeting's minutes the user may see, newest
    meeting first."""
    minutes = newest_published(user).select_related("meeting__body")
    if body is not None:
        minutes = minutes.filter(meeting__body=body)
    return minutes.order_by("-meeting__starts_at", "-pk")


# --- Outcome summaries (seed 003: written summaries of each meeting for the other bodies) -

@dataclass
class Outcomes:
    meeting: Meeting
    minutes: Minutes
    decisions: list
    actions: list


def outcomes_for(user, minutes_list):
    """Outcomes (decisions and actions) of each of these minutes versions, in their order;
    confidential items' outcomes only for those who may read them. Two queries."""
    if not minutes_list:
        return []
    decisions = defaultdict(list)
    for decision in meeting_policy.without_confidential(
        user, Decision.objects.filter(minutes__in=minutes_list).select_related("item")
    ):
        decisions[decision.minutes_id].append(decision)
    actions = defaultdict(list)
    for action in meeting_policy.without_confidential(
        user,
        Action.objects.filter(meeting_id__in=[m.meeting_id for m in minutes_list])
        .select_related("item", "owner").order_by("item__position", "due", "pk"),
    ):
        actions[action.meeting_id].append(action)
    return [Outcomes(m.meeting, m, decisions[m.pk], actions[m.meeting_id]) for m in minutes_list]


def outcomes_summary(meeting, user):
    """The decisions and actions of the newest minutes of `meeting` the user may read, or
    None when the user may read none."""
    minutes = current_minutes(user).filter(meeting=meeting).select_related("meeting__body").first()
    return outcomes_for(user, [minutes])[0] if minutes else None


def recent_outcomes_for_body(user, body, *, limit=5):
    """Outcomes of the newest meetings of the bodies under `body` and of the bodies linked to
    it either way, for its page: how the core group and its partnerships keep each other
    informed (seed 003). One query when there are none, three otherwise."""
    linked = Q(meeting__body__parent=body) | Q(
        meeting__body_id__in=BodyLink.objects.filter(to_body=body).values("from_body")
    ) | Q(meeting__body_id__in=BodyLink.objects.filter(from_body=body).values("to_body"))
    minutes = list(
        current_minutes(user).filter(linked).select_related("meeting__body").order_by("-meeting__starts_at", "-pk")[:limit]
    )
    return outcomes_for(user, minutes)


# --- Decisions register ------------------------------------------------------------------

def decisions_register(user, *, body=None, date_from=None, date_to=None, text=""):
    """Decisions on record: those in each meeting's newest published minutes, and for the
    body's readers its newest approved ones too; newest meeting first."""
    decisions = meeting_policy.without_confidential(
        user, Decision.objects.filter(minutes__in=settled_minutes(user))
    ).select_related("minutes__meeting__body", "item")
    decisions = of_meetings(decisions, "minutes__meeting", body=body, date_from=date_from, date_to=date_to)
    for word in search_terms(text):
        decisions = decisions.filter(Q(text__icontains=word) | Q(item__title__icontains=word))
    return decisions.order_by("-minutes__meeting__starts_at", "minutes__meeting_id", "item__position", "pk")
