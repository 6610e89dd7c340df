"""Minutes: draft -> approved (at a later meeting) -> published; corrections are new versions.
Minuted text, decisions, actions and the quorum as recorded.

Every function validates before it saves and raises ValidationError with a message a clerk can
act on; nothing is half-written when it does."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import (
    Action,
    Decision,
    Meeting,
    MeetingStatus,
    MinuteEntry,
    Minutes,
    MinutesStatus,
)
from ..quorum import quorum_status
from .schedule import lock_meeting


def newest_minutes(meeting):
    """The newest version of a meeting's minutes, or None."""
    return meeting.minutes_versions.order_by("-version").first()


def _require_draft(minutes):
    if minutes.is_locked:
        raise ValidationError(
            f"Version {minutes.version} of these minutes is {minutes.get_status_display().lower()}: its text "
            "cannot change. Make a correction instead, giving the reason."
        )


def _require_item_of(minutes, item):
    if item is not None and item.meeting_id != minutes.meeting_id:
        raise ValidationError({"item": "That agenda item belongs to another meeting."})


def start_minutes(meeting, user):
    """Begin version 1 of a meeting's minutes as a draft."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled: it has no minutes.")
    with transaction.atomic():
        lock_meeting(meeting)
        existing = newest_minutes(meeting)
        if existing is not None:
            if existing.status == MinutesStatus.DRAFT:
                raise ValidationError(f"A draft of these minutes (version {existing.version}) is already open.")
            raise ValidationError("These minutes are approved: to change them, make a correction.")
        minutes = Minutes(meeting=meeting, version=1, created_by=user if user and user.is_authenticated else None)
        minutes.full_clean()
        minutes.save()
    return minutes


def save_minute_entry(minutes, item, text):
    """Set the minute for one agenda item (None: the general minute); empty text removes it."""
    _require_draft(minutes)
    _require_item_of(minutes, item)
    text = (text or "").strip()
    with transaction.atomic():
        entry = minutes.entries.filter(item=item).first()
        if not text:
            if entry is not None:
                entry.delete()
            return None
        if entry is not None and entry.text == text:
            return entry
        entry = entry or MinuteEntry(minutes=minutes, item=item)
        entry.text = text
        entry.full_clean()
        entry.save()
    return entry


def save_minutes_text(minutes, texts):
    """Save several entries at once ({agenda item or None: text}); all or none are saved. Draft
    minutes with no quorum recorded take it from the attendance register, once there is one."""
    _require_draft(minutes)
    with transaction.atomic():
        for item, text in texts.items():
            save_minute_entry(minutes, item, text)
        if minutes.quorate is None and minutes.meeting.attendances.exists():
            record_quorum(minutes)


def save_draft(minutes, texts, then=None):
    """Save the minute texts and, in the same transaction, call `then()` (what else the draft
    page's one form asked: add or remove a decision, a declaration, an action): both or neither.
    Returns what `then` returns."""
    with transaction.atomic():
        save_minutes_text(minutes, texts)
        return then() if then is not None else None


def add_decision(minutes, item, text):
    _require_draft(minutes)
    _require_item_of(minutes, item)
    decision = Decision(minutes=minutes, item=item, text=(text or "").strip())
    decision.full_clean()
    decision.save()
    return decision


def remove_decision(decision):
    _require_draft(decision.minutes)
    decision.delete()


def add_action(minutes, item, text, owner=None, due=None):
    """Record an action agreed at the meeting (while its minutes are a draft)."""
    _require_draft(minutes)
    _require_item_of(minutes, item)
    meeting = minutes.meeting
    if due is not None and due < timezone.localdate(meeting.starts_at):
        raise ValidationError({"due": "An action cannot be due before the meeting that agreed it."})
    action = Action(meeting=meeting, item=item, text=(text or "").strip(), owner=owner, due=due)
    action.full_clean()
    action.save()
    return action


def update_action_status(action, status):
    """Record an action's progress; allowed at any time, also after the minutes are approved."""
    action.status = status
    action.full_clean()
    action.save(update_fields=["status", "updated_at"])
    return action


def remove_action(action):
    minutes = newest_minutes(action.meeting)
    if minutes is not None:
        _require_draft(minutes)
    action.delete()


def record_quorum(minutes):
    """Record in the draft minutes whether the meeting was quorate, from its attendance."""
    _require_draft(minutes)
    status = quorum_status(minutes.meeting)
    minutes.quorate = status.quorate
    minutes.save(update_fields=["quorate"])
    return status


def approval_meetings(minutes, now=None):
    """Meetings at which `minutes` may be approved: later, not cancelled, already come
    (on or before today), of the same body or a joint meeting that includes it."""
    meeting = minutes.meeting
    today = timezone.localdate(now or timezone.now())
    tomorrow = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min))
    body_ids = [meeting.body_id, *meeting.joint_with.values_list("pk", flat=True)]
    return (
        Meeting.objects.filter(Q(body_id__in=body_ids) | Q(joint_with__in=body_ids))
        .filter(starts_at__gt=meeting.starts_at, starts_at__lt=tomorrow)
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(pk=meeting.pk)
        .select_related("body")
        .distinct()
        .order_by("starts_at")
    )


def approve_minutes(minutes, at_meeting):
    """Approve draft minutes at a later meeting; their text is locked from then on."""
    _require_draft(minutes)
    if not approval_meetings(minutes).filter(pk=at_meeting.pk).exists():
        raise ValidationError(
            {"at_meeting": "Minutes are approved at a later meeting of the same body (or a joint meeting "
             "including it) that has already taken place: choose one of those."}
        )
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at_meeting = at_meeting
    minutes.approved_on = timezone.localdate(at_meeting.starts_at)
    minutes.full_clean()
    minutes.save()
    return minutes


def correct_minutes(minutes, reason, user):
    """Start a correction of approved minutes: a new draft version copying the text, decisions
    and entries, saying why. The approved version stays as it was."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the minutes are being corrected: the reason is kept with them."})
    if not minutes.is_locked:
        raise ValidationError("This version is still a draft: change it directly.")
    with transaction.atomic():
        lock_meeting(minutes.meeting)
        newest = newest_minutes(minutes.meeting)
        if newest.pk != minutes.pk:
            raise ValidationError(
                f"Version {newest.version} is newer ({newest.get_status_display().lower()}): correct that one."
            )
        correction = Minutes(
            meeting=minutes.meeting,
            version=minutes.version + 1,
            quorate=minutes.quorate,
            supersedes=minutes,
            correction_reason=reason,
            created_by=user if user and user.is_authenticated else None,
        )
        correction.full_clean()
        correction.save()
        MinuteEntry.objects.bulk_create(
            MinuteEntry(minutes=correction, item_id=e.item_id, text=e.text) for e in minutes.entries.all()
        )
        Decision.objects.bulk_create(
            Decision(minutes=correction, item_id=d.item_id, text=d.text) for d in minutes.decisions.all()
        )
    return correction
