"""Following a body by email (seed 003: feedback between the core group and the local
partnerships "depends on the chair"; anyone may now receive what a body publishes).

- Double opt-in: following creates (or reuses) a pending subscription and emails a signed link;
  only a POST from that link's page confirms, so mail scanners that fetch links confirm nothing.
  The confirmation link expires after 7 days.
- The follow form answers the same whether or not the address already follows the body, and
  never emails a confirmed follower again (no enumeration, no mail bombing); a pending one is
  re-sent its link at most every RESEND_AFTER, and an address gets at most
  MAX_CONFIRMATIONS_PER_HOUR links across bodies.
- Unsubscribing is one click: the link in every digest, or a POST from the mail client
  (RFC 8058 List-Unsubscribe-Post). Unsubscribe links do not expire.
- The digest (daily, governance.tasks) tells each confirmed follower what the body published
  since their last digest: agendas, and minutes with their outcome summaries. Public material
  only: the public's view (meetings.selectors.PUBLIC) whoever follows. Nobody who has not
  confirmed, or who has unsubscribed, is ever sent a digest.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from governance.mail import render_html_email
from meetings.models import Meeting, MinutesStatus
from meetings.policy import meeting_policy
from meetings.selectors import PUBLIC, outcomes_for

from .models import Subscription

log = logging.getLogger(__name__)

CONFIRM_SALT = "governance.following.confirm"
UNSUBSCRIBE_SALT = "governance.following.unsubscribe"
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
RESEND_AFTER = datetime.timedelta(minutes=10)
MAX_CONFIRMATIONS_PER_HOUR = 5


class BadToken(Exception):
    """A link whose signature does not check out: forged, mangled or cut short."""

    message = "This link is not valid: it may have been cut short or changed. Copy the whole link from the email."


class ExpiredToken(BadToken):
    message = (
        "This confirmation link has expired: links work for 7 days. Follow the body again to get a new one."
    )


class UnknownSubscription(Exception):
    """A genuine link to a subscription that no longer exists."""


# Tokens -----------------------------------------------------------------------------------------


def _signer(salt):
    return signing.TimestampSigner(salt=salt)


def confirm_token(subscription):
    return _signer(CONFIRM_SALT).sign(f"{subscription.pk}.{subscription.token}")


def unsubscribe_token(subscription):
    return _signer(UNSUBSCRIBE_SALT).sign(f"{subscription.pk}.{subscription.token}")


def _subscription_for(token, *, salt, max_age=None):
    try:
        value = _signer(salt).unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise ExpiredToken() from None
    except signing.BadSignature:
        raise BadToken() from None
    pk, _, secret = value.partition(".")
    subscription = Subscription.objects.select_related("body").filter(pk=pk).first() if pk.isdigit() else None
    if subscription is None or not constant_time_compare(subscription.token, secret):
        raise UnknownSubscription()
    return subscription


def subscription_to_confirm(token):
    """The subscription a confirmation link names; BadToken, ExpiredToken or UnknownSubscription."""
    return _subscription_for(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


def subscription_to_cancel(token):
    """The subscription an unsubscribe link names; BadToken or UnknownSubscription."""
    return _subscription_for(token, salt=UNSUBSCRIBE_SALT)


def _absolute(base_url, path):
    return f"{(base_url or settings.PORTAL_BASE_URL).rstrip('/')}{path}"


def unsubscribe_url(subscription, base_url=None):
    return _absolute(base_url, reverse("following:unsubscribe", kwargs={"token": unsubscribe_token(subscription)}))


def confirm_url(subscription, base_url=None):
    return _absolute(base_url, reverse("following:follow-confirm", kwargs={"token": confirm_token(subscription)}))


# Writes -----------------------------------------------------------------------------------------


def can_follow(body):
    return body.public and body.dissolved is None


def normalise_email(email):
    email = BaseUserManager.normalize_email((email or "").strip())
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter an email address like name@example.org."}) from None
    return email


def follow(*, email, body, base_url=None, now=None):
    """Ask to follow `body` at `email`: email a confirmation link unless the address already
    follows it, was sent a link moments ago, or has had too many links this hour. Returns what
    happened ("sent", "following", "recently_sent", "rate_limited"), for logs and tests only:
    the person asking is told the same thing whatever it is."""
    email = normalise_email(email)
    if not can_follow(body):
        raise ValidationError(f"{body} cannot be followed by email.")
    now = now or timezone.now()
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .filter(body=body, email__iexact=email, unsubscribed_at__isnull=True).first()
        )
        if subscription is not None and subscription.confirmed_at is not None:
            return "following"
        if subscription is not None and subscription.confirmation_sent_at and now - subscription.confirmation_sent_at < RESEND_AFTER:
            return "recently_sent"
        recent = Subscription.objects.filter(email__iexact=email, confirmation_sent_at__gte=now - datetime.timedelta(hours=1))
        if recent.count() >= MAX_CONFIRMATIONS_PER_HOUR:
            log.warning("Follow requests for %s are rate limited", email)
            return "rate_limited"
        if subscription is None:
            subscription = Subscription(email=email, body=body)
        subscription.confirmation_sent_at = now
        try:
            with transaction.atomic():
                subscription.save()
        except IntegrityError:
            # The same address asked twice at the same moment: the other request sends the link.
            return "recently_sent"
    try:
        send_mail(
            subject=f"Confirm that you want to follow {body} by email",
            message=render_to_string("governance/following/email/follow_confirm.txt", {
                "subscription": subscription, "body": body, "confirm_url": confirm_url(subscription, base_url),
                "portal_name": settings.PORTAL_NAME, "days": CONFIRM_MAX_AGE.days,
            }),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[subscription.email],
        )
    except Exception:
        log.exception("Could not send the confirmation link for %s", subscription)
        # Let the person try again at once rather than after RESEND_AFTER.
        Subscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=None)
        raise
    return "sent"


def confirm(subscription, now=None):
    """Confirm a pending subscription. Returns False when it already was."""
    now = now or timezone.now()
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().select_related("body").get(pk=subscription.pk)
        if subscription.unsubscribed_at is not None:
            raise ValidationError(
                f"This address stopped following {subscription.body}. Follow it again to get a new link."
            )
        if subscription.confirmed_at is not None:
            return False
        # The first digest covers what is published from now on.
        subscription.confirmed_at = subscription.last_digest_at = now
        subscription.save(update_fields=["confirmed_at", "last_digest_at"])
    return True


def unsubscribe(subscription, now=None):
    """Stop following. Returns False when it had already stopped."""
    updated = Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=now or timezone.now()
    )
    return bool(updated)


# The digest -------------------------------------------------------------------------------------


@dataclass
class Digest:
    subscription: Subscription
    start: datetime.datetime
    agendas: list = field(default_factory=list)
    minutes: list = field(default_factory=list)  # selectors.Outcomes

    @property
    def is_empty(self):
        return not (self.agendas or self.minutes)


def _window_start(subscription, since):
    start = subscription.last_digest_at or subscription.confirmed_at
    return max(start, since) if since else start


def _bodies_of(meeting, followed):
    """The followed bodies a meeting belongs to: its own, and those meeting jointly with it."""
    return ({meeting.body_id} | {body.pk for body in meeting.joint_with.all()}) & followed


def publication_digests(*, since=None, now=None):
    """One Digest per confirmed, active subscription of a public body: the agendas and minutes
    published for its body in (its last digest, now], public material only. Seven queries
    whatever the number of subscriptions and meetings."""
    now = now or timezone.now()
    subscriptions = list(
        Subscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True, body__public=True)
        .select_related("body").order_by("pk")
    )
    if not subscriptions:
        return []
    followed = {s.body_id for s in subscriptions}
    earliest = min(_window_start(s, since) for s in subscriptions)
    of_followed = Q(body_id__in=followed) | Q(joint_with__in=followed)

    agendas = defaultdict(list)
    for meeting in (
        meeting_policy.visible(PUBLIC).filter(of_followed, agenda_published_at__gt=earliest, agenda_published_at__lte=now)
        .select_related("body").prefetch_related("joint_with").distinct().order_by("starts_at", "pk")
    ):
        for body_id in _bodies_of(meeting, followed):
            agendas[body_id].append(meeting)

    published = (
        meeting_policy.visible_minutes(PUBLIC)
        .filter(status=MinutesStatus.PUBLISHED, published_at__gt=earliest, published_at__lte=now)
        .filter(meeting__in=Meeting.objects.filter(of_followed))
        .select_related("meeting__body").prefetch_related("meeting__joint_with")
        .order_by("meeting__starts_at", "meeting_id", "-version")
    )
    newest = {}
    for version in published:
        newest.setdefault(version.meeting_id, version)  # a correction published in the window wins
    outcomes = {o.minutes.pk: o for o in outcomes_for(PUBLIC, list(newest.values()))}
    minutes = defaultdict(list)
    for version in newest.values():
        for body_id in _bodies_of(version.meeting, followed):
            minutes[body_id].append(version)

    digests = []
    for subscription in subscriptions:
        start = _window_start(subscription, since)
        digests.append(Digest(
            subscription, start,
            agendas=[m for m in agendas[subscription.body_id] if m.agenda_published_at > start],
            minutes=[outcomes[v.pk] for v in minutes[subscription.body_id] if v.published_at > start],
        ))
    return digests


def _digest_email(digest, base_url=None):
    subscription = digest.subscription
    context = {
        "digest": digest, "body": subscription.body, "portal_name": settings.PORTAL_NAME,
        "base_url": (base_url or settings.PORTAL_BASE_URL).rstrip("/"),
        "unsubscribe_url": unsubscribe_url(subscription, base_url),
        "body_url": _absolute(base_url, subscription.body.get_absolute_url()),
    }
    message = EmailMultiAlternatives(
        subject=f"New from {subscription.body}: {_summary(digest)}",
        body=render_to_string("governance/following/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={
            # RFC 2369 and RFC 8058: mail clients offer one-click unsubscribe, a POST to this URL.
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_html_email("governance/following/email/digest.html", context), "text/html")
    return message


def _summary(digest):
    parts = []
    if digest.agendas:
        parts.append(f"{len(digest.agendas)} agenda{'s' if len(digest.agendas) != 1 else ''}")
    if digest.minutes:
        parts.append(f"{len(digest.minutes)} set{'s' if len(digest.minutes) != 1 else ''} of minutes")
    return " and ".join(parts)


def send_publication_digests(since=None, *, now=None, base_url=None):
    """Email each confirmed follower what their body published since their last digest, and
    move every follower's window on to `now`. A subscription whose window another run moved
    meanwhile is skipped, so concurrent or repeated runs send nothing twice. Returns the number
    of digests sent."""
    now = now or timezone.now()
    sent = 0
    quiet = []
    for digest in publication_digests(since=since, now=now):
        subscription = digest.subscription
        if digest.is_empty:
            quiet.append(subscription.pk)
            continue
        with transaction.atomic():
            current = Subscription.objects.select_for_update().filter(
                pk=subscription.pk, confirmed_at__isnull=False, unsubscribed_at__isnull=True,
                last_digest_at=subscription.last_digest_at,
            ).first()
            if current is None:
                continue
            _digest_email(digest, base_url).send()
            Subscription.objects.filter(pk=subscription.pk).update(last_digest_at=now)
            sent += 1
    if quiet:
        Subscription.objects.filter(pk__in=quiet, unsubscribed_at__isnull=True).update(last_digest_at=now)
    return sent
