"""Built data for the governance health tests: bodies with seats from given sectors and council
tiers, held meetings and attendance, and a many-body partnership written with bulk_create."""

import datetime
import itertools

from django.utils import timezone

from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from partnerships.models import Body, Membership, Organisation, Person
from tests.factories import BodyFactory, MembershipFactory, OrganisationFactory, PersonFactory

D = datetime.date
# The date the tests check the health as at: 2010, when the seeds were written.
ON = D(2010, 6, 30)
LONG_AGO = D(2005, 4, 1)
_numbers = itertools.count()


def at(day, hour=18):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def body(kind, **fields):
    return BodyFactory(kind=kind, established=fields.pop("established", LONG_AGO), **fields)


def organisation(sector="public", tier=""):
    n = next(_numbers)
    return OrganisationFactory(name=f"{sector.title()} {tier or 'partner'} {n}", sector=sector, tier=tier)


def seat(on_body, count=1, *, sector="public", tier="", deputy=True, role="member", start=D(2008, 1, 1), end=None):
    """`count` seats on `on_body`, each representing a new organisation of `sector` / `tier`,
    each with a designated deputy unless `deputy` is False."""
    seats = []
    for _ in range(count):
        person = PersonFactory()
        seats.append(MembershipFactory(
            body=on_body, person=person, organisation=organisation(sector, tier), role=role, start=start, end=end,
            designated_deputy=PersonFactory() if deputy else None,
        ))
    return seats


def hold(on_body, days, *, status=MeetingStatus.HELD):
    """Meetings of `on_body` on each of `days` (dates)."""
    return [Meeting.objects.create(body=on_body, starts_at=at(day), status=status) for day in days]


def monthly(first, count):
    """`count` dates a month apart (28 days), from `first`."""
    return [first + datetime.timedelta(days=28 * i) for i in range(count)]


def record(meeting, seats, status):
    deputy = PersonFactory() if status == AttendanceStatus.DEPUTY else None
    for membership in seats:
        Attendance.objects.create(meeting=meeting, membership=membership, status=status, deputy=deputy)


def many_bodies(count, *, on=ON, seats=9, meetings=4):
    """`count` thematic groups, each its own tree (nested-set columns set here, not by mptt),
    with `seats` seats from three sectors and `meetings` held meetings with attendance in the
    year to `on`. Written with bulk_create, so hundreds of bodies take well under a second."""
    tag = next(_numbers)
    base = (Body.objects.order_by("-tree_id").values_list("tree_id", flat=True).first() or 0) + 1
    bodies = Body.objects.bulk_create([
        Body(name=f"Bulk group {tag}-{i}", slug=f"bulk-group-{tag}-{i}", kind="thematic", established=LONG_AGO,
             tree_id=base + i, lft=1, rght=2, level=0)
        for i in range(count)
    ])
    sectors = [Organisation.objects.create(name=f"Bulk {sector} {tag}", slug=f"bulk-{sector}-{tag}", sector=sector)
               for sector in ("public", "business", "voluntary")]
    # The same people sit on every group: the check counts seats, not who holds them.
    people = Person.objects.bulk_create([Person(name=f"Bulk person {tag}-{i}", slug=f"bulk-person-{tag}-{i}") for i in range(seats)])
    memberships = Membership.objects.bulk_create([
        Membership(body=b, person=people[s], organisation=sectors[s % 3], start=D(2008, 1, 1),
                   designated_deputy=people[(s + 1) % seats] if s % 2 else None)
        for b in bodies for s in range(seats)
    ])
    held = Meeting.objects.bulk_create([
        Meeting(body=b, starts_at=at(on - datetime.timedelta(days=80 * (m + 1))), status=MeetingStatus.HELD)
        for b in bodies for m in range(meetings)
    ])
    by_body = {}
    for membership in memberships:
        by_body.setdefault(membership.body_id, []).append(membership)
    Attendance.objects.bulk_create([
        Attendance(meeting=m, membership=s, status=AttendanceStatus.PRESENT if (s.pk + m.pk) % 3 else AttendanceStatus.APOLOGIES)
        for m in held for s in by_body[m.body_id]
    ])
    return bodies
