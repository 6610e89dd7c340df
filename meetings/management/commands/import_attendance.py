"""Import historical meetings and attendance from a CSV file (docs/formats.md, "Attendance file").

Each (body, date) is a held meeting, created if missing. The whole file is checked first and
every problem is reported with its line number (the header is line 1); if there is any, nothing
is written. Importing the same file again changes nothing.
"""

import datetime
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from config.csv_files import read_csv
from meetings import services
from meetings.attendance import attendance_problems
from meetings.dates import meeting_date_problem
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from meetings.signals import attendance_recorded
from partnerships.models import SEATED_ROLES, Body, Membership, Person

COLUMNS = ("body", "date", "person", "status", "deputy")
REQUIRED = ("body", "date", "person", "status")
ROLE_ORDER = {role: i for i, role in enumerate(SEATED_ROLES)}


class AttendanceFileError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class Row:
    line: int
    body: str
    date: str
    person: str
    status: str
    deputy: str


@dataclass
class Result:
    counts: Counter = field(default_factory=Counter)
    dry_run: bool = False

    def summary(self):
        c = self.counts
        changes = [
            text for n, text in [
                (c["meetings"], f"created {c['meetings']} meeting{'s' if c['meetings'] != 1 else ''}"),
                (c["held"], f"marked {c['held']} scheduled meeting{'s' if c['held'] != 1 else ''} held"),
                (c["created"], f"created {c['created']} attendance record{'s' if c['created'] != 1 else ''}"),
                (c["updated"], f"updated {c['updated']}"),
            ] if n
        ]
        text = f"{', '.join(changes)}; unchanged {c['unchanged']}" if changes else f"no changes; unchanged {c['unchanged']}"
        return f"dry run, nothing written: {text}" if self.dry_run else text


def read_rows(stream):
    """The file's rows with their line numbers; problems with the file's shape raise."""
    try:
        read = read_csv(stream, columns=COLUMNS, required=REQUIRED)
    except ValidationError as error:
        raise AttendanceFileError(error.messages) from None
    problems = [f"line {line}: {problem}" for line, _, problem in read if problem]
    if problems:
        raise AttendanceFileError(problems)
    return [Row(line=line, **values) for line, values, _ in read]


def _by_name(model, names):
    found = defaultdict(list)
    for obj in model.objects.filter(name__in=names):
        found[obj.name].append(obj)
    return found


def import_attendance(rows, *, dry_run=False):
    """Check every row, then (if all are good) write them in one transaction."""
    errors = []

    def error(row, message):
        errors.append(f"line {row.line}: {message}")

    bodies = _by_name(Body, {r.body for r in rows})
    people = _by_name(Person, {r.person for r in rows} | {r.deputy for r in rows if r.deputy})
    today = timezone.localdate()

    def one_person(row, name, what):
        matches = people.get(name, [])
        if not matches:
            error(row, f"unknown {what} {name!r}")
        elif len(matches) > 1:
            error(row, f"{len(matches)} people in the database are named {name!r}; rename one so the file can tell them apart")
        else:
            return matches[0]
        return None

    parsed, seen = [], {}
    for row in rows:
        body = bodies.get(row.body, [None])[0] if row.body else None
        if body is None:
            error(row, f"unknown body {row.body!r}" if row.body else "the body is missing")
        try:
            on = datetime.date.fromisoformat(row.date)
        except ValueError:
            on = None
            error(row, f"{row.date!r} is not a date (YYYY-MM-DD)")
        if on and on > today:
            error(row, f"{on} is in the future: only meetings that took place can be imported")
            on = None
        elif on and (problem := meeting_date_problem(on)):
            error(row, problem)
            on = None
        person = one_person(row, row.person, "person") if row.person else error(row, "the person is missing")
        status = row.status.lower()
        if status not in AttendanceStatus.values:
            error(row, f"unknown status {row.status!r}; use one of {', '.join(AttendanceStatus.values)}")
            status = None
        deputy = one_person(row, row.deputy, "deputy") if row.deputy else None
        if body and on and person:
            key = (body.pk, on, person.pk)
            if key in seen:
                error(row, f"the same body, date and person as line {seen[key].line}")
                continue
            seen[key] = row
        parsed.append((row, body, on, person, status, deputy))

    memberships = defaultdict(list)
    for membership in Membership.objects.filter(
        body__in=[b for _, b, *_ in parsed if b], person__in=[p for *_, p, _, _ in parsed if p]
    ).select_related("person", "designated_deputy"):
        memberships[(membership.body_id, membership.person_id)].append(membership)
    meetings = defaultdict(list)
    dates = [on for _, _, on, *_ in parsed if on]
    if dates:
        for meeting in Meeting.objects.filter(
            body__in={b for _, b, *_ in parsed if b},
            starts_at__date__gte=min(dates) - datetime.timedelta(days=1),
            starts_at__date__lte=max(dates) + datetime.timedelta(days=1),
        ):
            meetings[(meeting.body_id, timezone.localdate(meeting.starts_at))].append(meeting)

    good = []
    for row, body, on, person, status, deputy in parsed:
        if not (body and on and person and status) or (row.deputy and deputy is None):
            continue
        held = memberships.get((body.pk, person.pk), [])
        # Seated memberships first: an officer who also sits on the body attends as a member.
        held.sort(key=lambda m: (not m.is_active_on(on), ROLE_ORDER.get(m.role, len(ROLE_ORDER)), m.start))
        if not held:
            error(row, f"{person} is not a member of {body}.")
            continue
        problems = attendance_problems(body=body, on=on, membership=held[0], status=status, deputy=deputy)
        if problems:
            for message in problems.values():
                error(row, message)
            continue
        existing = [m for m in meetings.get((body.pk, on), []) if m.status != MeetingStatus.CANCELLED]
        if not existing and meetings.get((body.pk, on)):
            error(row, f"the meeting of {body} on {on:%-d %B %Y} was cancelled")
            continue
        if len(existing) > 1:
            error(row, f"{body} met {len(existing)} times on {on:%-d %B %Y}: record this attendance on the meeting's page")
            continue
        good.append((existing[0] if existing else (body, on), held[0], status, deputy))
    if errors:
        raise AttendanceFileError(errors)
    return _apply(good, dry_run=dry_run)


def _apply(good, *, dry_run):
    result = Result(dry_run=dry_run)
    with transaction.atomic():
        created_meetings = {}
        for target, *_ in good:
            if isinstance(target, Meeting):
                if target.status == MeetingStatus.SCHEDULED:
                    services.mark_meeting_held(target)
                    result.counts["held"] += 1
            elif target not in created_meetings:
                body, on = target
                # The file has no times: the meeting is dated at midnight, to be edited if known.
                created_meetings[target] = services.create_meeting(
                    body, status=MeetingStatus.HELD,
                    starts_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time.min)),
                )
                result.counts["meetings"] += 1
        rows = [
            (target if isinstance(target, Meeting) else created_meetings[target], membership, status, deputy)
            for target, membership, status, deputy in good
        ]
        existing = {
            (a.meeting_id, a.membership_id): a
            for a in Attendance.objects.filter(
                meeting__in={m.pk for m, *_ in rows}, membership__in={ms.pk for _, ms, _, _ in rows}
            )
        }
        new, changed = [], []
        for meeting, membership, status, deputy in rows:
            attendance = existing.get((meeting.pk, membership.pk))
            deputy_id = deputy.pk if deputy else None
            if attendance is None:
                new.append(Attendance(meeting=meeting, membership=membership, status=status, deputy_id=deputy_id))
            elif (attendance.status, attendance.deputy_id) != (status, deputy_id):
                attendance.status, attendance.deputy_id = status, deputy_id
                changed.append(attendance)
            else:
                result.counts["unchanged"] += 1
        Attendance.objects.bulk_create(new, batch_size=500)
        Attendance.objects.bulk_update(changed, ["status", "deputy"], batch_size=500)
        result.counts["created"], result.counts["updated"] = len(new), len(changed)
        # As a register saved on the page does: the attendance rule looks again at each body
        # (its reviews are per body, so once a body is enough).
        written = {attendance.meeting_id for attendance in (*new, *changed)}
        for meeting in {meeting.body_id: meeting for meeting, *_ in rows if meeting.pk in written}.values():
            attendance_recorded.send(sender=Meeting, meeting=meeting)
        if dry_run:
            transaction.set_rollback(True)
    return result


class Command(BaseCommand):
    help = (
        "Import held meetings and attendance from a CSV file with the header "
        "body,date,person,status,deputy. The whole file is checked first: if it has any error, "
        "nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='the CSV file, or "-" for standard input')
        parser.add_argument("--dry-run", action="store_true", help="check the file and report what would change, writing nothing")

    def handle(self, *args, file, dry_run, **options):
        try:
            if file == "-":
                rows = read_rows(sys.stdin.buffer)
            else:
                try:
                    with open(file, "rb") as stream:
                        rows = read_rows(stream)
                except OSError as error:
                    raise CommandError(f"cannot read {file}: {error.strerror}") from None
            result = import_attendance(rows, dry_run=dry_run)
        except AttendanceFileError as error:
            for message in error.errors:
                self.stderr.write(message)
            count = len(error.errors)
            raise CommandError(f"{count} error{'s' if count != 1 else ''} in {file}: nothing was imported.") from None
        self.stdout.write(result.summary())
