"""An officer's to-do list: what the meeting cycle of the bodies they manage is waiting for.

Each list is one rule, read for every managed body at once (a fixed number of queries whatever
the number of bodies and meetings), and each entry names the page where the work is done.
Staff manage every body (body_policy.managed_body_ids is None), so theirs covers all of them.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Body
from partnerships.policy import body_policy

from .models import Attendance, Meeting, MeetingStatus, Minutes, MinutesStatus
from .selectors.scope import newest_of

# Entries shown per list; the list says how many more there are.
SHOWN = 10


@dataclass
class TodoList:
    """One kind of work: its heading, what doing it means, and the meetings waiting for it."""

    key: str
    title: str
    hint: str
    link_label: str
    meetings: list = field(default_factory=list)
    total: int = 0

    @property
    def more(self):
        return self.total - len(self.meetings)


def _managed_meetings(ids):
    meetings = Meeting.objects.exclude(status=MeetingStatus.CANCELLED).select_related("body")
    return meetings if ids is None else meetings.filter(body_id__in=ids)


def _todo(key, title, hint, link_label, url_name, queryset):
    rows = list(queryset[:SHOWN])
    total = len(rows) if len(rows) < SHOWN else queryset.count()
    for meeting in rows:
        meeting.todo_url = reverse(url_name, kwargs={"pk": meeting.pk})
    return TodoList(key, title, hint, link_label, rows, total)


def officer_todo(user, *, now=None):
    """The to-do lists of the meetings of the bodies `user` manages, only those with work
    waiting; [] for someone who manages none. Up to ten queries whatever the data size."""
    ids = body_policy.managed_body_ids(user)
    if ids is not None and not ids:
        return []
    now = now or timezone.now()
    due = datetime.timedelta(days=settings.PAPERS_DUE_DAYS)
    meetings = _managed_meetings(ids)
    held = meetings.filter(starts_at__lt=now)
    coming_soon = meetings.filter(starts_at__gte=now, starts_at__lt=now + due).order_by("starts_at", "pk")
    newest = newest_of(Minutes.objects.all())
    lists = [
        _todo(
            "attendance", "Attendance to record",
            "Held meetings with no attendance recorded: the attendance rule counts every seat as absent.",
            "Record the attendance", "meetings:attendance",
            held.filter(~Exists(Attendance.objects.filter(meeting=OuterRef("pk")))).order_by("-starts_at", "-pk"),
        ),
        _todo(
            "minutes", "Minutes to draft",
            "Held meetings with no minutes yet.",
            "Draft the minutes", "meetings:minutes-edit",
            held.filter(~Exists(Minutes.objects.filter(meeting=OuterRef("pk")))).order_by("-starts_at", "-pk"),
        ),
        _todo(
            "publish", "Approved minutes to publish",
            "Minutes approved as a correct record but not yet published or scheduled.",
            "Publish the minutes", "meetings:minutes-edit",
            meetings.filter(Exists(
                newest.filter(meeting=OuterRef("pk"), status=MinutesStatus.APPROVED, publish_at__isnull=True)
            )).order_by("-starts_at", "-pk"),
        ),
        _todo(
            "agendas", "Agendas due",
            f"Meetings in the next {settings.PAPERS_DUE_DAYS} days whose agenda is not published: "
            "its papers were due by now.",
            "Publish the agenda", "meetings:agenda-edit",
            coming_soon.filter(agenda_published_at__isnull=True, agenda_publish_at__isnull=True),
        ),
        _todo(
            "papers", "Papers sent late",
            f"Coming meetings with papers published less than {settings.PAPERS_DUE_DAYS} days before them: "
            "the chair must agree to take them.",
            "See the agenda", "meetings:agenda-edit",
            meetings.filter(starts_at__gte=now)
            .annotate(late_count=Count("items__papers", filter=Q(items__papers__published_at__gt=F("starts_at") - due)))
            .filter(late_count__gt=0)
            .order_by("starts_at", "pk"),
        ),
    ]
    return [todo for todo in lists if todo.meetings]


def schedulable_bodies(user, *, body=None):
    """The standing bodies whose meetings `user` may schedule, by name, for the "Schedule a
    meeting" links: `body` alone when given (if they manage it); else every body they manage,
    except for staff, who manage them all (their links are on each body's pages). At most one
    query beyond the policy's."""
    ids = body_policy.managed_body_ids(user)
    if body is not None:
        may = ids is None or body.pk in ids
        return [body] if may and body.exists_on(timezone.localdate()) else []
    if ids is None or not ids:
        return []
    return list(Body.objects.filter(pk__in=ids).standing_on(timezone.localdate()).order_by("name"))
