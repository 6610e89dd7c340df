"""The health check's reads: the bodies with their seat counts, then one query each for the
standards, the sectors and council tiers represented, the meetings, the terms of reference, the
indicators and whether the area is two-tier, and three for attendance. A constant number (ten)
whatever the number of bodies."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.utils import timezone

from governance.terms.models import TermsOfReference, TermsStatus
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from partnerships.models import (
    SEATED_ROLES,
    Body,
    BodyKind,
    CouncilTier,
    Membership,
    Organisation,
    membership_active_q,
    period_includes,
)
from performance.models import Indicator, lead_body_id_of, led_by_q

from .models import KindStandard
from .records import BodyHealth, standard_for
from .rules import Links, findings

YEAR = datetime.timedelta(days=365)
HALF_YEAR = datetime.timedelta(days=182)
# Dates the check can be asked about: the window arithmetic overflows near year 1 and 9999.
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)


def validate_as_at(on):
    """Refuse an as-at date the check cannot read the record at, with a message a user can read."""
    if not EARLIEST <= on <= LATEST:
        raise ValidationError(f"Enter a date between {EARLIEST.year} and {LATEST.year}.", code="out_of_range")


def kind_standards():
    """{kind: KindStandard} for every kind: the saved standards, the seed defaults for the rest
    (a flushed database, a kind added after the data migration)."""
    saved = {standard.kind: standard for standard in KindStandard.objects.all()}
    return {kind: saved.get(kind) or KindStandard.default_for(kind) for kind in BodyKind.values}


def current_bodies(on):
    """Bodies that exist on `on`."""
    return Body.objects.standing_on(on)


def is_two_tier_area():
    """Seed 004's "two tier areas": the partnership counts a county and a district council."""
    tiers = Organisation.objects.filter(tier__in=[CouncilTier.COUNTY, CouncilTier.DISTRICT]).order_by()
    return set(tiers.values_list("tier", flat=True).distinct()) == {CouncilTier.COUNTY, CouncilTier.DISTRICT}


def partnership_health(on=None, bodies=None):
    """The health of every body that exists on `on` (today), or of those among `bodies` (a
    queryset), in tree order. A constant number of queries whatever the number of bodies."""
    on = on or timezone.localdate()
    scope = current_bodies(on) if bodies is None else bodies.filter(pk__in=current_bodies(on).values("pk"))
    seated = Q(memberships__role__in=SEATED_ROLES) & membership_active_q(on, "memberships__")
    rows = list(
        scope.annotate(
            seated_count=Count("memberships", filter=seated),
            deputy_count=Count("memberships", filter=seated & Q(memberships__designated_deputy__isnull=False)),
        ).order_by("tree_id", "lft")
    )
    if not rows:
        return []
    standards = kind_standards()
    healths = {
        body.pk: BodyHealth(
            body, standard_for(body, standards[body.kind]), seated=body.seated_count, with_deputy=body.deputy_count
        )
        for body in rows
    }
    in_scope = scope.values("pk")
    _read_representation(healths, in_scope, on)
    _read_meetings(healths, in_scope, on)
    _read_attendance(healths, in_scope, on)
    _read_terms(healths, in_scope)
    _read_indicators(healths, on)
    two_tier = is_two_tier_area()
    links = Links()
    for health in healths.values():
        health.findings = findings(health, on=on, two_tier=two_tier, links=links)
    return list(healths.values())


def body_health(body, on=None):
    """The health of one body as at `on` (today); None if it does not exist on that date."""
    found = partnership_health(on=on, bodies=Body.objects.filter(pk=body.pk))
    return found[0] if found else None


def _start_of_day(on):
    return timezone.make_aware(datetime.datetime.combine(on, datetime.time.min))


def _read_representation(healths, in_scope, on):
    sectors, tiers = defaultdict(set), defaultdict(set)
    for body_id, sector, tier in (
        Membership.objects.active_on(on).seated()
        .filter(body_id__in=in_scope, organisation__isnull=False)
        .order_by()  # the default ordering would join people into the DISTINCT
        .values_list("body_id", "organisation__sector", "organisation__tier")
        .distinct()
    ):
        sectors[body_id].add(sector)
        if tier:
            tiers[body_id].add(tier)
    for body_id, health in healths.items():
        health.sectors, health.tiers = frozenset(sectors[body_id]), frozenset(tiers[body_id])


def _read_meetings(healths, in_scope, on):
    year_ago = _start_of_day(on - YEAR)
    for body_id, last, count in (
        Meeting.objects.filter(
            body_id__in=in_scope, status=MeetingStatus.HELD, starts_at__lt=_start_of_day(on + datetime.timedelta(days=1))
        )
        .order_by()
        .values("body_id")
        .annotate(last=Max("starts_at"), count=Count("pk", filter=Q(starts_at__gte=year_ago)))
        .values_list("body_id", "last", "count")
    ):
        healths[body_id].last_meeting = timezone.localdate(last)
        healths[body_id].meetings_last_year = count


def _read_attendance(healths, in_scope, on):
    """Expected seats and how they were filled at held meetings in the last twelve months, by
    half-year, read as the statistics page reads them (meetings/attendance/statistics.py): a
    seat is expected at a meeting when it is seated and held on the meeting's local date; one
    with no attendance row was absent. Three reads (the meetings, the seats held during the
    year, the rows of seats filled), counted here: comparing each seat with each meeting's local
    date in SQL costs a function call per joined row on SQLite, seconds at 5,000 bodies."""
    first_day, mid_day = on - YEAR, on - HALF_YEAR
    held = Meeting.objects.filter(
        body_id__in=in_scope, status=MeetingStatus.HELD, starts_at__gte=_start_of_day(first_day),
        starts_at__lt=_start_of_day(on + datetime.timedelta(days=1)),
    )
    meetings, days = {}, defaultdict(list)
    for pk, body_id, starts_at in held.order_by().values_list("pk", "body_id", "starts_at"):
        day = timezone.localdate(starts_at)
        half = "recent" if day >= mid_day else "earlier"
        meetings[pk] = (body_id, day, half)
        days[body_id].append((day, half))
    if not meetings:
        return

    seats = {}
    for pk, body_id, start, end in (
        Membership.objects.filter(body_id__in=held.values("body_id"), role__in=SEATED_ROLES, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=first_day))
        .order_by()
        .values_list("pk", "body_id", "start", "end")
    ):
        seats[pk] = (body_id, start, end)
        for day, half in days[body_id]:
            if period_includes(start, end, day):
                getattr(healths[body_id], half).expected += 1

    for meeting_id, membership_id, status in (
        Attendance.objects.filter(meeting__in=held.values("pk"), status__in=[AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY])
        .order_by()
        .values_list("meeting_id", "membership_id", "status")
    ):
        body_id, day, half = meetings[meeting_id]
        seat_body, start, end = seats.get(membership_id, (None, None, None))
        # Only the rows of seats expected that day, as the statistics page counts them.
        if seat_body != body_id or not period_includes(start, end, day):
            continue
        tally = getattr(healths[body_id], half)
        if status == AttendanceStatus.PRESENT:
            tally.present += 1
        else:
            tally.deputy += 1


def _read_terms(healths, in_scope):
    approved_due = defaultdict(list)
    for body_id, status, review_due in TermsOfReference.objects.filter(
        body_id__in=in_scope, status__in=[TermsStatus.APPROVED, TermsStatus.DRAFT]
    ).values_list("body_id", "status", "review_due"):
        health = healths[body_id]
        if status == TermsStatus.APPROVED:
            health.terms_status = TermsStatus.APPROVED
            if review_due:
                approved_due[body_id].append(review_due)
        elif not health.terms_status:
            health.terms_status = TermsStatus.DRAFT
    # Terms and a constitution both in force: the earlier review is the one that falls due.
    for body_id, dates in approved_due.items():
        healths[body_id].terms_review_due = min(dates)


def _read_indicators(healths, on):
    thematic = [pk for pk, health in healths.items() if health.body.kind == BodyKind.THEMATIC]
    if not thematic:
        return
    led = defaultdict(set)
    for pk, lead, theme_lead in Indicator.objects.filter(
        led_by_q(thematic),
        outcome__theme__strategy__period_start__lte=on, outcome__theme__strategy__period_end__gte=on,
    ).values_list("pk", "lead_body_id", "outcome__theme__lead_body_id"):
        led[lead_body_id_of(lead, theme_lead)].add(pk)
    for pk in thematic:
        healths[pk].indicators = len(led[pk])
