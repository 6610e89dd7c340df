"""Membership reviews: seats flagged by the attendance rule, periodic reviews of a body's
membership, and how they are closed (seed 002: the Carlisle Partnership "continually reviews
membership ... Current status = 80% complete", and has "no formal way of knowing why members
leave": a review that ends with the member leaving records why).

Opening attendance reviews:
- one review per membership and attendance window (the database's unique constraint on
  membership and the window's last meeting), so running the evaluation twice opens nothing new;
- a membership already under an open attendance review gets no second one while it is open:
  its seat is already being reviewed, and the chair would otherwise be emailed after every
  meeting. Once the review is closed, a later window that falls below the rule opens another.
- the body's chair and officer(s) are emailed the seats newly flagged, one email per body.

A body's review round (the "80% complete" figure): its reviews opened since its latest periodic
review was opened, or all its reviews if it never had a periodic one; progress is the share of
them closed.
"""

import logging
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connections, router, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from meetings.attendance import describe_rule
from partnerships.models import Body, Membership, Role
from partnerships.services import update_membership

from .models import MembershipReview, ReviewOutcome, ReviewReason

log = logging.getLogger(__name__)

# Any fixed 64-bit number; it names "opening membership reviews" among advisory locks.
REVIEWS_LOCK_KEY = 0x5245_5649_4557_5321  # "REVIEWS!"


@contextmanager
def _reviews_lock():
    """Serialise review openers (the task after each save, the nightly run, the command), so
    that the reviews a run finds missing are the ones it creates and emails about. SQLite
    serialises writers already: its transactions begin IMMEDIATE (config/settings.py)."""
    alias = router.db_for_write(MembershipReview)
    with transaction.atomic(using=alias):
        connection = connections[alias]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REVIEWS_LOCK_KEY - 2**63])
        yield


def open_attendance_reviews(verdicts):
    """Open a review for each flagged verdict whose seat is not already under review for that
    window (or under an open attendance review), and email each body's chair and officers.
    Returns the new reviews."""
    flagged = [v for v in verdicts if v.flagged]
    if not flagged:
        return []
    with _reviews_lock():
        # Open attendance reviews and those of these windows: no list of every flagged seat.
        taken = MembershipReview.objects.filter(reason=ReviewReason.ATTENDANCE).filter(
            Q(closed_at__isnull=True) | Q(window_last_meeting_id__in={v.last_meeting_id for v in flagged})
        )
        open_ids, reviewed = set(), set()
        for membership_id, meeting_id, closed_at in taken.values_list("membership_id", "window_last_meeting_id", "closed_at"):
            reviewed.add((membership_id, meeting_id))
            if closed_at is None:
                open_ids.add(membership_id)
        new = [
            MembershipReview(
                membership=v.membership, reason=ReviewReason.ATTENDANCE, window_last_meeting_id=v.last_meeting_id,
                attended=v.attended, window=len(v.meetings),
            )
            for v in flagged
            if v.membership.pk not in open_ids and (v.membership.pk, v.last_meeting_id) not in reviewed
        ]
        created = MembershipReview.objects.bulk_create(new, batch_size=500)
    _email_chairs_and_officers(created, {v.membership.body_id: v.rule for v in flagged})
    return created


def _email_chairs_and_officers(reviews, rules):
    by_body = defaultdict(list)
    for review in reviews:
        by_body[review.membership.body_id].append(review)
    if not by_body:
        return
    today = timezone.localdate()
    recipients = defaultdict(set)
    for body_id, email in (
        Membership.objects.active_on(today)
        .filter(body_id__in=by_body, role__in=[Role.CHAIR, Role.OFFICER])
        .exclude(person__email="")
        .values_list("body_id", "person__email")
    ):
        recipients[body_id].add(email)
    for body_id, body_reviews in by_body.items():
        body = body_reviews[0].membership.body
        if not recipients[body_id]:
            log.warning("Attendance reviews opened for %s, which has no chair or officer with an email", body)
            continue
        count = len(body_reviews)
        lines = [
            f"- {r.membership.person}{f' ({r.membership.seat})' if r.membership.seat else ''}: "
            f"attended {r.attended} of the last {r.window} held meetings"
            for r in sorted(body_reviews, key=lambda r: r.membership.person.name)
        ]
        send_mail(
            subject=f"Attendance review: {count} seat{'s' if count != 1 else ''} on {body}",
            message=(
                f"The attendance rule of {body} ({describe_rule(rules[body_id])}) flagged "
                f"{'these seats' if count != 1 else 'this seat'} for review:\n\n" + "\n".join(lines) + "\n\n"
                "Partnership staff will follow each review up and record its outcome under "
                "Membership reviews in the portal.\n"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=sorted(recipients[body_id]),
        )


def close_review(review, *, outcome, leaving_reason="", notes="", new_deputy=None, user=None):
    """Close an open review with its outcome; a member who left needs the reason why, and a
    changed deputy is named and becomes the seat's designated deputy."""
    with transaction.atomic():
        review = MembershipReview.objects.select_for_update().get(pk=review.pk)
        if not review.is_open:
            raise ValidationError(f"This review was already closed on {timezone.localtime(review.closed_at):%-d %B %Y}.")
        errors = {}
        if outcome not in ReviewOutcome.values:
            errors["outcome"] = "Choose the outcome of the review."
        if outcome == ReviewOutcome.MEMBER_LEFT and not (leaving_reason or "").strip():
            errors["leaving_reason"] = "Say why the member left."
        membership = review.membership
        if outcome == ReviewOutcome.DEPUTY_CHANGED:
            if new_deputy is None:
                errors["new_deputy"] = "Choose the seat's new designated deputy."
            elif new_deputy.pk == membership.designated_deputy_id:
                errors["new_deputy"] = f"{new_deputy} is already the designated deputy: choose the new one."
        if errors:
            raise ValidationError(errors)
        review.outcome = outcome
        review.leaving_reason = (leaving_reason or "").strip()
        review.notes = (notes or "").strip()
        review.closed_at = timezone.now()
        review.closed_by = user if user is not None and user.is_authenticated else None
        if outcome == ReviewOutcome.DEPUTY_CHANGED:
            try:
                update_membership(membership, designated_deputy=new_deputy)
            except ValidationError as error:
                raise ValidationError({"new_deputy": error.messages}) from error
        review.full_clean()
        review.save()
        return review


def open_periodic_review(body, user=None):
    """Open a periodic review of every seat held on `body` today that is not already under an
    open periodic review; this starts the body's new review round. Returns the new reviews."""
    today = timezone.localdate()
    with _reviews_lock():
        under_review = MembershipReview.objects.filter(reason=ReviewReason.PERIODIC, closed_at__isnull=True)
        seats = (
            Membership.objects.filter(body=body).active_on(today).seated()
            .exclude(pk__in=under_review.values("membership_id"))
        )
        created = MembershipReview.objects.bulk_create(
            [MembershipReview(membership=m, reason=ReviewReason.PERIODIC) for m in seats]
        )
        # One opening time for the whole round, which is where the round starts.
        MembershipReview.objects.filter(pk__in=[r.pk for r in created]).update(opened_at=timezone.now())
    log.info("%s opened a periodic review of %d seats on %s", user or "The system", len(created), body)
    return created


@dataclass
class ReviewProgress:
    body: Body
    total: int
    closed: int

    @property
    def open(self):
        return self.total - self.closed

    @property
    def percent(self):
        return round(100 * self.closed / self.total) if self.total else 100

    def __str__(self):
        return f"{self.percent}% complete"


def review_progress(body_ids=None):
    """{body id: ReviewProgress} of each body's current review round (see the module
    docstring), for bodies that have reviews. Two queries."""
    round_start = (
        MembershipReview.objects.filter(reason=ReviewReason.PERIODIC, membership__body_id=OuterRef("membership__body_id"))
        .order_by("-opened_at")
        .values("opened_at")[:1]
    )
    reviews = MembershipReview.objects.all()
    if body_ids is not None:
        reviews = reviews.filter(membership__body_id__in=body_ids)
    rows = list(
        reviews.annotate(round_start=Subquery(round_start))
        .filter(Q(round_start__isnull=True) | Q(opened_at__gte=F("round_start")))
        .values("membership__body_id")
        .annotate(total=Count("pk"), closed=Count("pk", filter=Q(closed_at__isnull=False)))
        .order_by()
    )
    bodies = Body.objects.in_bulk([row["membership__body_id"] for row in rows])
    return {
        row["membership__body_id"]: ReviewProgress(bodies[row["membership__body_id"]], row["total"], row["closed"])
        for row in rows
    }


# Reads for the staff pages ------------------------------------------------------------------

REVIEW_STATES = {"open": Q(closed_at__isnull=True), "closed": Q(closed_at__isnull=False), "all": Q()}


def review_list(*, state="open", body=None, reason=None):
    """Reviews for the staff list, body by body, with everything the page shows."""
    reviews = MembershipReview.objects.filter(REVIEW_STATES.get(state, REVIEW_STATES["open"]))
    if body is not None:
        reviews = reviews.filter(membership__body=body)
    if reason:
        reviews = reviews.filter(reason=reason)
    return reviews.select_related(
        "membership__person", "membership__body", "membership__organisation", "membership__designated_deputy",
        "window_last_meeting", "closed_by",
    ).order_by(
        "membership__body__name", F("closed_at").asc(nulls_first=True), "membership__person__name", "-opened_at"
    )


def review_get(pk):
    """A review for the staff pages (which are staff-only); 404 when there is none."""
    review = review_list(state="all").filter(pk=pk).first()
    if review is None:
        raise Http404("No such review.")
    return review
