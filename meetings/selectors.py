"""Reads for the pages members and the public see: the calendar, minutes, the decisions
register, search, feeds, outcome summaries and a member's own meetings.

What a user may see comes from meetings/policy.py (meeting_policy); these functions only
shape it. Each list costs a fixed number of queries, whatever the number of meetings.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from partnerships.models import BodyLink, Membership

from .attendance import counts_as_attended, describe_rule, evaluate_memberships
from .models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    Declaration,
    Meeting,
    MeetingStatus,
    MinuteEntry,
    Minutes,
    MinutesStatus,
)
from .policy import WithheldItem, meeting_policy

# The public's view, whoever asks: feeds are read by calendar clients and feed readers
# without a session (as the Popolo export is, partnerships/popolo.py).
PUBLIC = AnonymousUser()


# --- Which version of the minutes a user reads -------------------------------------------

def _newest_of(versions):
    """The newest of `versions` for each meeting."""
    newer = versions.filter(meeting=OuterRef("meeting"), version__gt=OuterRef("version"))
    return versions.filter(~Exists(newer))


def current_minutes(user):
    """Each meeting's version of the minutes that `user` should read: the newest version the
    user may see. The body's readers see drafts, so theirs is the newest whatever its status;
    everyone else's is the newest published version of a public meeting."""
    return _newest_of(meeting_policy.visible_minutes(user))


def _settled_minutes(user):
    """Each meeting's newest version that is published, or approved for the body's readers.
    Drafts stay out of the decisions register: a decision is on record once the minutes are
    agreed as a correct record."""
    return _newest_of(
        meeting_policy.visible_minutes(user).filter(status__in=[MinutesStatus.PUBLISHED, MinutesStatus.APPROVED])
    )


def _newest_published(user):
    return _newest_of(meeting_policy.visible_minutes(user).filter(status=MinutesStatus.PUBLISHED))


def _with_minutes_status(meetings, user):
    """Meetings annotated with `minutes_status`: the status of the version the user reads."""
    versions = current_minutes(user).filter(meeting=OuterRef("pk"))
    return meetings.annotate(minutes_status=Subquery(versions.values("status")[:1]))


def _meetings_of(body):
    """Meetings a body holds or joins (seed 004: joint meetings with neighbouring bodies)."""
    joint = Meeting.joint_with.through.objects.filter(body=body).values("meeting_id")
    return Q(body=body) | Q(pk__in=joint)


# --- Calendar ----------------------------------------------------------------------------

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
        meetings = meetings.filter(_meetings_of(body))
    if month is not None:
        start, end = month_bounds(month)
        meetings = meetings.filter(starts_at__gte=start, starts_at__lt=end)
    else:
        meetings = meetings.filter(starts_at__gte=_start_of_today())
    return _with_minutes_status(meetings, user).order_by("starts_at", "pk")


def upcoming_meetings(user, *, body=None):
    """Meetings from today on that the user may see, soonest first."""
    return calendar(user, body=body)


def past_meetings(user, *, body=None):
    """Meetings before today that the user may see, newest first."""
    meetings = meeting_policy.visible(user).select_related("body").filter(starts_at__lt=_start_of_today())
    if body is not None:
        meetings = meetings.filter(_meetings_of(body))
    return _with_minutes_status(meetings, user).order_by("-starts_at", "-pk")


def public_calendar(*, body=None):
    """Meetings for the iCalendar feeds: the public's view, newest first, each with
    `minutes_published`."""
    meetings = meeting_policy.visible(PUBLIC).select_related("body")
    if body is not None:
        meetings = meetings.filter(_meetings_of(body))
    published = meeting_policy.visible_minutes(PUBLIC).filter(
        status=MinutesStatus.PUBLISHED, meeting=OuterRef("pk")
    )
    return meetings.annotate(minutes_published=Exists(published)).order_by("-starts_at", "-pk")


# --- Reading the minutes -----------------------------------------------------------------

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
    minutes = _newest_published(user).select_related("meeting__body")
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

def _of_meetings(rows, meeting, *, body=None, date_from=None, date_to=None):
    """`rows` narrowed to the meetings of `body` held between the two dates (each optional);
    `meeting` is the lookup path from a row to its meeting."""
    if body is not None:
        rows = rows.filter(**{f"{meeting}__body": body})
    if date_from is not None:
        rows = rows.filter(**{f"{meeting}__starts_at__date__gte": date_from})
    if date_to is not None:
        rows = rows.filter(**{f"{meeting}__starts_at__date__lte": date_to})
    return rows


def decisions_register(user, *, body=None, date_from=None, date_to=None, text=""):
    """Decisions on record: those in each meeting's newest published minutes, and for the
    body's readers its newest approved ones too; newest meeting first."""
    decisions = meeting_policy.without_confidential(
        user, Decision.objects.filter(minutes__in=_settled_minutes(user))
    ).select_related("minutes__meeting__body", "item")
    decisions = _of_meetings(decisions, "minutes__meeting", body=body, date_from=date_from, date_to=date_to)
    for word in search_terms(text):
        decisions = decisions.filter(Q(text__icontains=word) | Q(item__title__icontains=word))
    return decisions.order_by("-minutes__meeting__starts_at", "minutes__meeting_id", "item__position", "pk")


# --- Search ------------------------------------------------------------------------------

# Marks around matched words in snippets; private-use characters, so they survive any text
# and are swapped for <mark> only after the snippet has been escaped.
START, STOP = "\ue000", "\ue001"
SNIPPET_CHARS = 240
MAX_TERMS = 10


def search_terms(q):
    """The words of a query, for the SQLite fallback and for highlighting."""
    return re.findall(r"\w+", q or "")[:MAX_TERMS]


def _full_text():
    return connection.vendor == "postgresql"


def search_minutes(user, q, *, body=None, date_from=None, date_to=None):
    """Meeting titles, agenda item titles, minute entries and decisions matching `q` in the
    minutes the user reads (published ones for the public; readers also search their bodies'
    drafts), optionally of one body's meetings between two dates, best match first, as dicts
    (kind, pk, rank, meeting_pk and the meeting's details); with_snippets adds the text to show.
    PostgreSQL's full-text search where available, else every word must appear."""
    terms = search_terms(q)
    if not terms:
        return []
    versions = current_minutes(user)
    versions = _of_meetings(versions, "meeting", body=body, date_from=date_from, date_to=date_to)
    # An item is found in the version of the minutes its meeting's reader reads.
    version_of_item = versions.filter(meeting=OuterRef("meeting"))
    items = meeting_policy.visible_agenda_items(user, AgendaItem.objects.filter(meeting__in=versions.values("meeting")))
    no_item = {
        "item_title": Value(None, output_field=CharField()),
        "item_position": Value(None, output_field=IntegerField()),
        "item_confidential": Value(False, output_field=BooleanField()),
    }
    # kind, rows, the searched field, the path to the meeting, to the minutes' status, the
    # item's columns, and the SQLite fallback's rank (a title match outranks the text).
    sources = [
        ("meeting", versions, "meeting__title", "meeting", F("status"), no_item, 1.0),
        ("item", items, "title", "meeting", Subquery(version_of_item.values("status")[:1]), {
            "item_title": F("title"), "item_position": F("position"), "item_confidential": F("confidential"),
        }, 0.5),
    ] + [
        (kind, meeting_policy.without_confidential(user, model.objects.filter(minutes__in=versions)), "text",
         "minutes__meeting", F("minutes__status"), {
             "item_title": F("item__title"), "item_position": F("item__position"),
             "item_confidential": F("item__confidential"),
         }, 0.0)
        for kind, model in (("entry", MinuteEntry), ("decision", Decision))
    ]
    matched = []
    for kind, rows, searched, meeting, status, item, weight in sources:
        if _full_text():
            query = SearchQuery(q, search_type="websearch", config="english")
            vector = SearchVector(searched, config="english")
            rows = rows.annotate(document=vector).filter(document=query).annotate(rank=SearchRank(vector, query))
        else:
            for word in terms:
                rows = rows.filter(**{f"{searched}__icontains": word})
            rows = rows.annotate(rank=Value(weight, output_field=FloatField()))
        matched.append(rows.annotate(
            kind=Value(kind),
            meeting_pk=F(f"{meeting}_id"),
            starts_at=F(f"{meeting}__starts_at"),
            body_name=F(f"{meeting}__body__name"),
            minutes_status=status,
            **item,
        ).values(
            "kind", "pk", "rank", "meeting_pk", "starts_at", "body_name", "minutes_status", "item_title",
            "item_position", "item_confidential",
        ).order_by())
    first, *others = matched
    return first.union(*others, all=True).order_by("-rank", "-starts_at", "kind", "pk")


def with_snippets(results, q):
    """One page of search_minutes' results, each with `snippet_html`: PostgreSQL's headline
    (costly, so for this page's rows only) or, on SQLite, a window around the first match.
    One query."""
    results = list(results)
    if not results:
        return results
    terms = search_terms(q)

    def texts(model, kind, searched):
        rows = model.objects.filter(pk__in=[r["pk"] for r in results if r["kind"] == kind])
        if _full_text():
            snippet = SearchHeadline(
                searched, SearchQuery(q, search_type="websearch", config="english"), config="english",
                start_sel=START, stop_sel=STOP, max_words=40, min_words=15, max_fragments=2,
            )
        else:
            snippet = F(searched)
        return rows.annotate(kind=Value(kind), snippet=snippet).values("kind", "pk", "snippet").order_by()

    first, *others = [
        texts(Minutes, "meeting", "meeting__title"), texts(AgendaItem, "item", "title"),
        texts(MinuteEntry, "entry", "text"), texts(Decision, "decision", "text"),
    ]
    found = {(row["kind"], row["pk"]): row["snippet"] for row in first.union(*others, all=True)}
    for result in results:
        result["snippet_html"] = snippet_html(found.get((result["kind"], result["pk"]), ""), terms)
    return results


def snippet_html(snippet, terms):
    """A result's snippet as safe HTML with the matched words in <mark>: PostgreSQL's
    headline carries its own marks; the SQLite fallback cuts a window around the first match."""
    if START not in snippet:
        snippet = _window(snippet, terms)
    html = escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)


def _window(text, terms):
    lowered = text.lower()
    hits = [lowered.find(t.lower()) for t in terms if lowered.find(t.lower()) >= 0]
    first = min(hits) if hits else 0
    start = max(0, first - SNIPPET_CHARS // 3)
    window = text[start:start + SNIPPET_CHARS]
    if terms:
        pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
        window = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", window)
    return ("…" if start else "") + window + ("…" if start + SNIPPET_CHARS < len(text) else "")


# --- A member's own meetings -------------------------------------------------------------

def _my_memberships(user, on=None):
    return Membership.objects.active_on(on or timezone.localdate()).filter(person__user=user)


def my_bodies(user):
    """The user's current seats, with their bodies."""
    return _my_memberships(user).select_related("body", "organisation").order_by("body__name", "role")


def my_upcoming_meetings(user, *, limit=10):
    """The next meetings of the user's bodies with the agenda items and papers the user may
    read."""
    bodies = _my_memberships(user).values("body_id")
    joint = Meeting.joint_with.through.objects.filter(body_id__in=bodies).values("meeting_id")
    now = timezone.now()
    return list(
        meeting_policy.visible(user)
        .filter(Q(body_id__in=bodies) | Q(pk__in=joint), starts_at__gte=now)
        .select_related("body")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=meeting_policy.visible_agenda_items(user).prefetch_related(
                    Prefetch("papers", queryset=meeting_policy.visible_papers(user))
                ),
            )
        )
        .order_by("starts_at", "pk")[:limit]
    )


def my_minutes_to_read(user, *, limit=20):
    """Draft and approved, not yet published, minutes of the user's bodies."""
    bodies = _my_memberships(user).values("body_id")
    return list(
        current_minutes(user)
        .filter(meeting__body_id__in=bodies, status__in=[MinutesStatus.DRAFT, MinutesStatus.APPROVED])
        .select_related("meeting__body")
        .order_by("-meeting__starts_at")[:limit]
    )


def my_actions(user):
    """Actions the user owns, open ones first, soonest due first."""
    return (
        Action.objects.filter(owner__user=user)
        .select_related("meeting__body", "item")
        .annotate(open_first=Case(When(status=ActionStatus.OPEN, then=0), default=1, output_field=IntegerField()))
        .order_by("open_first", F("due").asc(nulls_last=True), "pk")
    )


@dataclass
class AttendanceRecord:
    """One seat's record against the attendance rule: the meetings the rule judged, newest
    first, each with the seat's attendance (None: not recorded, so absent) and whether it
    counted."""

    membership: Membership
    verdict: object
    rule_text: str
    meetings: list


def my_attendance(user):
    """The user's current seats, each with the attendance rule's verdict (one home:
    meetings/attendance.py) and the attendance behind it. Officers and observers do not sit
    on a body, so the rule does not judge them."""
    memberships = list(_my_memberships(user).seated().select_related("body", "person").order_by("body__name"))
    verdicts = evaluate_memberships(memberships)
    recorded = {
        (a.membership_id, a.meeting_id): a
        for a in Attendance.objects.filter(
            membership__in=memberships, meeting_id__in=[m.pk for v in verdicts for m in v.meetings]
        ).select_related("deputy")
    } if memberships else {}
    records = []
    for verdict in verdicts:
        rows = []
        for held in reversed(verdict.meetings):
            attendance = recorded.get((verdict.membership.pk, held.pk))
            rows.append((held, attendance, counts_as_attended(verdict.rule, attendance and attendance.status)))
        records.append(AttendanceRecord(verdict.membership, verdict, describe_rule(verdict.rule), rows))
    return records


# --- A member's apologies ----------------------------------------------------------------

def takes_apologies(meeting):
    """Whether members may still send apologies or a deputy for `meeting` (the services refuse
    them once it has started, or if it is cancelled)."""
    return meeting.status != MeetingStatus.CANCELLED and meeting.starts_at > timezone.now()


def apologies_seat(user, meeting):
    """The seat (my_seat_at) from which the user may send apologies for `meeting`, while it
    takes them; None otherwise, without a query for a visitor or a past meeting."""
    if not user.is_authenticated or not takes_apologies(meeting):
        return None
    return my_seat_at(user, meeting)


def my_seat_at(user, meeting):
    """The user's seat on the meeting's body on the day of the meeting (the register's row for
    them), with its designated deputy; None when they hold none."""
    return (
        _my_memberships(user, timezone.localdate(meeting.starts_at))
        .seated()
        .filter(body_id=meeting.body_id)
        .select_related("person", "designated_deputy", "body")
        .order_by("pk")
        .first()
    )


def my_apologies(user, meetings):
    """For each of these coming meetings where the user holds a seat on its body, what they
    sent: {meeting pk: (membership, attendance or None)}. Two queries."""
    if not meetings:
        return {}
    seats = {}
    for membership in (
        Membership.objects.filter(person__user=user, body_id__in={m.body_id for m in meetings})
        .seated()
        .select_related("designated_deputy")
        .order_by("pk")
    ):
        seats.setdefault(membership.body_id, []).append(membership)
    found = {}
    for meeting in meetings:
        on = timezone.localdate(meeting.starts_at)
        membership = next((m for m in seats.get(meeting.body_id, []) if m.is_active_on(on)), None)
        if membership is not None:
            found[meeting.pk] = membership
    sent = {
        (a.meeting_id, a.membership_id): a
        for a in Attendance.objects.filter(
            meeting_id__in=list(found), membership__in=list(found.values())
        ).select_related("deputy")
    } if found else {}
    return {pk: (membership, sent.get((pk, membership.pk))) for pk, membership in found.items()}
