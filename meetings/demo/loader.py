"""Loading the demo's meetings through the services, then moving the services' "now" stamps back to
the dates a 2010 demo would have had."""

import datetime
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from partnerships.models import Body, Membership, Person

from .. import services
from ..attendance import add_guest, record_register
from ..models import (
    Action,
    ActionStatus,
    AttendanceStatus,
    InterestCategory,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Paper,
)
from .county import COUNTY_YEAR, attendance_pattern, upcoming_plans
from .executive import EXECUTIVE_YEAR
from .papers import paper_file
from .plan import DEMO_BODIES, EXECUTIVE, FRAMEWORK_ADOPTED, at


class _Loader:
    def __init__(self):
        self.bodies = {body.name: body for body in Body.objects.filter(name__in=DEMO_BODIES)}
        missing = set(DEMO_BODIES) - set(self.bodies)
        if missing:
            raise ValueError(f"The demo structure has no {', '.join(sorted(missing))}: load it first.")
        self.people = {}
        self.interests = {}
        self.held = {}  # (body name, date): (meeting, plan, minutes)
        self.pending = {}  # body id: the newest minutes waiting for approval
        self.late_papers = []
        self.kept_unpublished = set()

    def person(self, name):
        if name not in self.people:
            self.people[name] = Person.objects.get(name=name)
        return self.people[name]

    def create(self, plan):
        body = self.bodies[plan.body]
        starts = at(plan.day, plan.hour)
        meeting = services.create_meeting(
            body, joint_with=[self.bodies[name] for name in plan.joint_with], kind=plan.kind, title=plan.title,
            starts_at=starts, ends_at=starts + datetime.timedelta(hours=plan.hours), venue=plan.venue,
        )
        items = []
        for spec in plan.items:
            item = services.add_agenda_item(
                meeting, spec.title, purpose=spec.purpose, presenter=spec.presenter,
                description=spec.description, confidential=spec.confidential, exempt_reason=spec.exempt_reason,
            )
            for title in spec.papers:
                services.upload_paper(item, paper_file(meeting, item, title), title)
            items.append(item)
        return meeting, items

    def add_late_papers(self, meeting, plan, items):
        for spec, item in zip(plan.items, items):
            for title in spec.late_papers:
                self.late_papers.append(services.upload_paper(item, paper_file(meeting, item, title), title).pk)

    def register(self, meeting, plan):
        on = timezone.localdate(meeting.starts_at)
        memberships = list(
            Membership.objects.filter(body=meeting.body).active_on(on).seated()
            .select_related("person", "designated_deputy").order_by("person__name", "pk")
        )
        number = sum(1 for body, _ in self.held if body == plan.body)
        entries = []
        for index, membership in enumerate(memberships):
            name = membership.person.name
            code = plan.absences.get(name)
            # The Executive's register is EXECUTIVE_REGISTER, told in full; the others follow a pattern.
            if code is None and plan.body != EXECUTIVE:
                code = attendance_pattern(index, number, membership.designated_deputy_id is not None)
            code = code or "P"
            entry = {"membership": membership, "status": AttendanceStatus.PRESENT}
            if code == "A":
                entry["status"] = AttendanceStatus.APOLOGIES
            elif code == "X":
                entry["status"] = AttendanceStatus.ABSENT
            elif code.startswith("D"):
                entry["status"] = AttendanceStatus.DEPUTY
                entry["deputy"] = self.person(code[2:]) if ":" in code else membership.designated_deputy
            entries.append(entry)
        record_register(meeting=meeting, entries=entries)
        for name, organisation, role in plan.guests:
            add_guest(meeting=meeting, name=name, organisation=organisation, role=role)
        return entries

    def minute_context(self, meeting, plan, entries):
        apologies = sorted(e["membership"].person.name for e in entries if e["status"] == AttendanceStatus.APOLOGIES)
        deputies = sorted(
            f"{e['deputy'].name} for {e['membership'].person.name}"
            for e in entries if e["status"] == AttendanceStatus.DEPUTY
        )
        text = f"Apologies were received from {_join(apologies)}." if apologies else "There were no apologies."
        if deputies:
            text += f" Deputies attended: {_join(deputies)}."
        if plan.declarations:
            text += " Declarations of interest are recorded against the items concerned."
        else:
            text += " No interests were declared."
        body_days = sorted(day for body, day in self.held if body == plan.body and day < plan.day)
        if body_days:
            previous = f"The minutes of the meeting held on {body_days[-1]:%-d %B %Y} were agreed as a correct record."
        elif meeting.body.established and meeting.body.established >= FRAMEWORK_ADOPTED:
            previous = f"This was the first meeting of the {meeting.body.name}."
        else:
            previous = "The minutes of the previous meeting were agreed as a correct record."
        later = sorted(p.day for p in ALL_YEAR if p.body == plan.body and p.day > plan.day)
        following = f"The next meeting will be held on {later[0]:%-d %B %Y}." if later else ""
        return {"apologies": text, "previous": previous, "next": following}

    def minute(self, meeting, plan, items, entries):
        officer = Membership.objects.filter(body=meeting.body, role="officer", person__user__isnull=False).first()
        minutes = services.start_minutes(meeting, officer.person.user if officer else None)
        context = self.minute_context(meeting, plan, entries)
        services.save_minutes_text(
            minutes, {item: spec.minute.format(**context).strip() for spec, item in zip(plan.items, items) if spec.minute}
        )
        for spec, item in zip(plan.items, items):
            for text in spec.decisions:
                services.add_decision(minutes, item, text)
            for act in spec.actions:
                action = services.add_action(minutes, item, act.text, owner=self.person(act.owner), due=act.due)
                if act.done:
                    services.update_action_status(action, ActionStatus.DONE)
        by_title = {item.title: item for item in items}
        for declared in plan.declarations:
            person = self.person(declared.person)
            services.declare_interest(
                by_title[declared.item], person, declared.nature, declared.description,
                interest=self.interest(person, declared.interest, meeting) if declared.interest else None,
                left_the_room=declared.left_the_room,
            )
        services.record_quorum(minutes)
        return minutes

    def interest(self, person, description, meeting):
        if person.pk not in self.interests:
            self.interests[person.pk] = services.register_interest(
                person, category=InterestCategory.EMPLOYMENT, description=description,
                registered_on=timezone.localdate(meeting.starts_at) - datetime.timedelta(days=90),
            )
        return self.interests[person.pk]

    def approve_pending(self, meeting, plan):
        """Approve the minutes waiting on this meeting's body (and the bodies joining it)."""
        for name in (plan.body, *plan.joint_with):
            minutes = self.pending.pop(self.bodies[name].pk, None)
            if minutes is None:
                continue
            services.approve_minutes(minutes, meeting)
            if (name, timezone.localdate(minutes.meeting.starts_at)) in self.kept_unpublished:
                continue
            services.publish_minutes(minutes)

    def correct(self, meeting, plan):
        correction = plan.corrects
        _, _, original = self.held[(plan.body, correction.day)]
        original.refresh_from_db()
        version = services.correct_minutes(original, correction.reason, None)
        item = original.meeting.items.get(title=correction.item)
        services.save_minute_entry(version, item, correction.text)
        services.approve_minutes(version, meeting)
        services.publish_minutes(version)

    def hold(self, plan):
        meeting, items = self.create(plan)
        services.publish_agenda(meeting)
        self.add_late_papers(meeting, plan, items)
        entries = self.register(meeting, plan)
        self.approve_pending(meeting, plan)
        if plan.corrects:
            self.correct(meeting, plan)
        minutes = self.minute(meeting, plan, items, entries)
        self.pending[meeting.body_id] = minutes
        if plan.keep_minutes_unpublished:
            self.kept_unpublished.add(plan.key)
        self.held[plan.key] = (meeting, plan, minutes)

    def backdate(self):
        """Move the services' "now" stamps back to when a 2010 clerk would have made them: agendas
        and papers a week before each meeting (late papers two days before), minutes drafted three
        days after it and published a week after their approval."""
        for meeting, _, _ in self.held.values():
            starts = meeting.starts_at
            sent = starts - datetime.timedelta(days=8)
            Meeting.objects.filter(pk=meeting.pk).update(
                created_at=starts - datetime.timedelta(days=42), agenda_published_at=sent
            )
            papers = Paper.objects.filter(item__meeting=meeting)
            papers.exclude(pk__in=self.late_papers).update(uploaded_at=sent, published_at=sent)
            late = starts - datetime.timedelta(days=2)
            papers.filter(pk__in=self.late_papers).update(uploaded_at=late, published_at=late)
        for minutes in Minutes.objects.filter(meeting__in=[m for m, _, _ in self.held.values()]).select_related("meeting"):
            if minutes.supersedes_id:
                drafted = at(minutes.approved_on) - datetime.timedelta(days=14)
            else:
                drafted = minutes.meeting.starts_at + datetime.timedelta(days=3)
            published = at(minutes.approved_on + datetime.timedelta(days=7), 12) if minutes.published_at else None
            Minutes.objects.filter(pk=minutes.pk).update(created_at=drafted, published_at=published)

    def add_upcoming(self, today):
        """Add the meetings to come of each demo body that has none from today on."""
        added = 0
        planned = set(
            Meeting.objects.filter(
                body__in=self.bodies.values(), status=MeetingStatus.SCHEDULED, starts_at__gte=at(today, 0)
            ).values_list("body__name", flat=True)
        )
        for plan, stage in upcoming_plans(today):
            if plan.body in planned:
                continue
            meeting, _ = self.create(plan)
            if stage == "published":
                services.publish_agenda(meeting)
            elif stage == "scheduled":
                services.publish_agenda(meeting, at=meeting.starts_at - datetime.timedelta(days=8))
            added += 1
        return added


@contextmanager
def _quiet(logger_name):
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _join(names):
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


ALL_YEAR = sorted(EXECUTIVE_YEAR + COUNTY_YEAR, key=lambda plan: (plan.day, plan.hour))
FIRST_EXECUTIVE_MEETING = EXECUTIVE_YEAR[0]


@dataclass
class DemoMeetings:
    loaded_year: bool
    upcoming_added: int
    body_ids: list

    def summary(self):
        meetings = Meeting.objects.filter(body__name__in=DEMO_BODIES)
        held = meetings.filter(status=MeetingStatus.HELD).count()
        scheduled = meetings.filter(status=MeetingStatus.SCHEDULED).count()
        minutes = Minutes.objects.filter(meeting__in=meetings)
        states = ", ".join(
            f"{minutes.filter(status=status).count()} {label.lower()}" for status, label in MinutesStatus.choices
        )
        verb = "loaded" if self.loaded_year or self.upcoming_added else "already loaded"
        return (
            f"Demo meetings {verb}: {held} held and {scheduled} scheduled meetings of {len(DEMO_BODIES)} bodies, "
            f"{Paper.objects.filter(item__meeting__in=meetings).count()} papers, minutes ({states}), "
            f"{Action.objects.filter(meeting__in=meetings).count()} actions"
        )


def load_demo_meetings(today=None):
    """Load the demo year of meetings (once) and the meetings to come (when a body has none).
    Returns DemoMeetings; load_demo (governance) then opens the attendance reviews."""
    today = today or timezone.localdate()
    # Nobody is emailed about the demo's 2010 attendance: the chair's address is example.org,
    # and a demo site may have a real mail server. Each register saved queues the attendance
    # review (run in-process without a broker): its log lines would bury the command's output.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), _quiet("celery.app.trace"):
        with transaction.atomic():
            loader = _Loader()
            first = FIRST_EXECUTIVE_MEETING
            loaded_year = not Meeting.objects.filter(
                body=loader.bodies[EXECUTIVE], starts_at=at(first.day, first.hour)
            ).exists()
            if loaded_year:
                for plan in ALL_YEAR:
                    loader.hold(plan)
                loader.backdate()
            upcoming = loader.add_upcoming(today)
            body_ids = [body.pk for body in loader.bodies.values()]
    return DemoMeetings(loaded_year, upcoming, body_ids)
