"""Permission matrix rows for what members and the public read: the calendar, minutes, the
decisions register, search, the feeds and a member's own meetings page."""

import datetime

from django.utils import timezone

OK, LOGIN, HIDDEN = 200, 302, 404

EVERYONE = dict.fromkeys(["anonymous", "member", "officer", "executive", "staff", "admin", "outsider"], OK)
# A private body's material: its readers (members, officers, executives, staff) only; not the
# outsider, who sits on another body.
READERS = {**EVERYONE, "anonymous": HIDDEN, "outsider": HIDDEN}
# Feeds are the public's view whoever asks: a private body has no public calendar, even for
# its members.
NOBODY = dict.fromkeys(EVERYONE, HIDDEN)
SIGNED_IN = {**EVERYONE, "anonymous": LOGIN}


def _at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 18))


def extend_world(world):
    from meetings.models import Decision, Meeting, MeetingStatus, MinuteEntry, Minutes, MinutesStatus

    # The public body's meeting with published minutes: on every public list and feed.
    world.public_minutes_meeting = Meeting.objects.create(
        body=world.public_body, starts_at=_at(2010, 6, 3), status=MeetingStatus.HELD,
    )
    published = Minutes.objects.create(
        meeting=world.public_minutes_meeting, status=MinutesStatus.PUBLISHED, published_at=_at(2010, 8, 1),
    )
    MinuteEntry.objects.create(minutes=published, text="The Community Strategy refresh was agreed.")
    Decision.objects.create(minutes=published, text="Adopt the Community Strategy.")
    # The private body's meeting with draft minutes: its readers only.
    world.draft_minutes_meeting = Meeting.objects.create(
        body=world.private_body, public=False, starts_at=_at(2010, 7, 1), status=MeetingStatus.HELD,
    )
    draft = Minutes.objects.create(meeting=world.draft_minutes_meeting, status=MinutesStatus.DRAFT)
    MinuteEntry.objects.create(minutes=draft, text="Bids were scored.")


ROWS = {
    "meetings:calendar": (None, EVERYONE),
    "meetings:body-meetings": (lambda w: {"slug": w.private_body.slug}, READERS),
    "meetings:minutes": (lambda w: {"pk": w.draft_minutes_meeting.pk}, READERS),
    "meetings:minutes-pdf": (lambda w: {"pk": w.draft_minutes_meeting.pk}, READERS),
    "meetings:minutes-list": (None, EVERYONE),
    "meetings:decisions": (None, EVERYONE),
    "meetings:search": (None, EVERYONE),
    "meetings:ical": (None, EVERYONE),
    "meetings:body-ical": (lambda w: {"slug": w.private_body.slug}, NOBODY),
    "meetings:minutes-feed": (None, EVERYONE),
    "meetings:minutes-atom": (None, EVERYONE),
    "meetings:my-meetings": (None, SIGNED_IN),
}
