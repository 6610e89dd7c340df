"""Publication of agendas and minutes: now, or at a time staff choose (publish_due runs every five
minutes).

Every function validates before it saves and raises ValidationError with a message a clerk can
act on; nothing is half-written when it does."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import (
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Paper,
)


def _publish_agenda_now(meeting, now):
    """Publish the agenda and its unpublished papers at `now`; False if it already was."""
    with transaction.atomic():
        published = Meeting.objects.filter(pk=meeting.pk, agenda_published_at__isnull=True).update(
            agenda_published_at=now, agenda_publish_at=None
        )
        if published:
            Paper.objects.filter(item__meeting=meeting, published_at__isnull=True).update(published_at=now)
    meeting.refresh_from_db(fields=["agenda_published_at", "agenda_publish_at"])
    return bool(published)


def check_agenda_publishable(meeting):
    """ValidationError saying why the agenda cannot be published (or scheduled), if it cannot."""
    if meeting.agenda_is_published:
        raise ValidationError(
            f"The agenda was already published on {timezone.localtime(meeting.agenda_published_at):%-d %B %Y at %H:%M}."
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled: its agenda is not published.")


def publish_agenda(meeting, at=None):
    """Publish the agenda and its papers now, or schedule it for `at`."""
    now = timezone.now()
    check_agenda_publishable(meeting)
    if at is not None and at > now:
        Meeting.objects.filter(pk=meeting.pk).update(agenda_publish_at=at)
        meeting.agenda_publish_at = at
        return meeting
    _publish_agenda_now(meeting, now)
    return meeting


def unschedule_agenda(meeting):
    """Keep the agenda as a draft: forget a scheduled publication."""
    Meeting.objects.filter(pk=meeting.pk).update(agenda_publish_at=None)
    meeting.agenda_publish_at = None
    return meeting


def _publish_minutes_now(minutes, now):
    published = Minutes.objects.filter(pk=minutes.pk, status=MinutesStatus.APPROVED).update(
        status=MinutesStatus.PUBLISHED, published_at=now, publish_at=None
    )
    minutes.refresh_from_db(fields=["status", "published_at", "publish_at"])
    return bool(published)


def check_minutes_publishable(minutes):
    """ValidationError saying why the minutes cannot be published (or scheduled), if they cannot."""
    if minutes.status == MinutesStatus.DRAFT:
        raise ValidationError("These minutes are a draft: they can be published once a later meeting approves them.")
    if minutes.status == MinutesStatus.PUBLISHED:
        raise ValidationError("These minutes are already published.")


def publish_minutes(minutes, at=None):
    """Publish approved minutes now, or schedule them for `at`."""
    check_minutes_publishable(minutes)
    now = timezone.now()
    if at is not None and at > now:
        Minutes.objects.filter(pk=minutes.pk).update(publish_at=at)
        minutes.publish_at = at
        return minutes
    _publish_minutes_now(minutes, now)
    return minutes


def publish_due(now=None):
    """Publish the agendas and approved minutes whose scheduled time has passed. Idempotent:
    each is published once however often (or however concurrently) this runs."""
    now = now or timezone.now()
    agendas = Meeting.objects.filter(agenda_published_at__isnull=True, agenda_publish_at__lte=now).exclude(
        status=MeetingStatus.CANCELLED
    )
    published_agendas = sum(_publish_agenda_now(meeting, now) for meeting in agendas)
    minutes = Minutes.objects.filter(status=MinutesStatus.APPROVED, publish_at__lte=now)
    published_minutes = sum(_publish_minutes_now(version, now) for version in minutes)
    return {"agendas": published_agendas, "minutes": published_minutes}
