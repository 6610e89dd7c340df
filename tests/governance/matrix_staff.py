"""Permission matrix rows for the meeting cycle: the meeting page, papers, the agenda pack, and
the pages where staff and the body's officers run meetings, agendas and minutes."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from .conftest import OFFICER_AND_STAFF, Write

OK, LOGIN, HIDDEN, POST_ONLY = 200, 302, 404, 405

# Staff and the body's officers (officer@ is the private body's officer).
MANAGERS = {"anonymous": LOGIN, "member": HIDDEN, "officer": OK, "executive": HIDDEN, "staff": OK, "admin": OK, "outsider": HIDDEN}
POST_ONLY_SIGNED_IN = {
    "anonymous": LOGIN, "member": POST_ONLY, "officer": POST_ONLY, "executive": POST_ONLY, "staff": POST_ONLY,
    "admin": POST_ONLY, "outsider": POST_ONLY,
}
# A private body's meeting: its readers (members, officers, executives, staff) only.
READERS = {"anonymous": HIDDEN, "member": OK, "officer": OK, "executive": OK, "staff": OK, "admin": OK, "outsider": HIDDEN}
# A confidential paper of the public body: its members (none of these users) and staff only;
# the public cannot reach it by URL.
CONFIDENTIAL_OF_PUBLIC_BODY = {
    "anonymous": HIDDEN, "member": HIDDEN, "officer": HIDDEN, "executive": HIDDEN, "staff": OK, "admin": OK,
    "outsider": HIDDEN,
}
MATRIX_PAPER = "matrix/confidential-paper.pdf"


def _at(year, month, day, hour=18):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def extend_world(world):
    from meetings.models import (
        Action,
        AgendaItem,
        Meeting,
        MeetingStatus,
        MinuteEntry,
        Minutes,
        MinutesStatus,
        Paper,
        Purpose,
    )

    # A public meeting of the public body, its agenda published, with a confidential item.
    world.staff_public_meeting = Meeting.objects.create(
        body=world.public_body, starts_at=_at(2010, 5, 6), status=MeetingStatus.HELD, venue="Civic Centre",
        agenda_published_at=_at(2010, 4, 28, 9),
    )
    AgendaItem.objects.create(meeting=world.staff_public_meeting, position=1, title="Community Strategy refresh")
    confidential = AgendaItem.objects.create(
        meeting=world.staff_public_meeting, position=2, title="Funding bid appraisal", confidential=True,
        purpose=Purpose.DECISION,
    )
    # The world has no tmp_path: one fixed file name, replaced on every run, keeps MEDIA_ROOT tidy.
    storage = Paper._meta.get_field("file").storage
    storage.delete(MATRIX_PAPER)
    storage.save(MATRIX_PAPER, ContentFile(b"%PDF-1.4 confidential appraisal"))
    world.staff_confidential_paper = Paper.objects.create(
        item=confidential, title="Appraisal of bids", file=MATRIX_PAPER, original_name="appraisal.pdf",
        content_type="application/pdf", size=31, published_at=_at(2010, 4, 28, 9),
    )

    # A private body's meeting, its minutes approved at a later meeting, with an action.
    world.staff_private_meeting = Meeting.objects.create(
        body=world.private_body, public=False, starts_at=_at(2010, 2, 4), status=MeetingStatus.HELD,
        agenda_published_at=_at(2010, 1, 25, 9),
    )
    item = AgendaItem.objects.create(meeting=world.staff_private_meeting, position=1, title="Bids received")
    later = Meeting.objects.create(
        body=world.private_body, public=False, starts_at=_at(2010, 4, 1), status=MeetingStatus.HELD,
    )
    minutes = Minutes.objects.create(
        meeting=world.staff_private_meeting, status=MinutesStatus.APPROVED, approved_at_meeting=later,
        approved_on=datetime.date(2010, 4, 1),
    )
    MinuteEntry.objects.create(minutes=minutes, item=item, text="Eleven bids were received.")
    world.staff_action = Action.objects.create(
        meeting=world.staff_private_meeting, item=item, text="Write to the unsuccessful bidders.",
    )
    # For the writes: a coming meeting whose agenda is still a draft, and the meeting after the
    # draft minutes' one (matrix_public's), at which they are approved.
    world.staff_coming_meeting = Meeting.objects.create(
        body=world.private_body, public=False, starts_at=timezone.now() + datetime.timedelta(days=30),
    )
    AgendaItem.objects.create(meeting=world.staff_coming_meeting, position=1, title="Bids to score")
    world.staff_approving_meeting = Meeting.objects.create(
        body=world.private_body, public=False, starts_at=_at(2010, 9, 2), status=MeetingStatus.HELD,
    )


def _private_meeting(world):
    return {"pk": world.staff_private_meeting.pk}


ROWS = {
    "meetings:meeting": (_private_meeting, READERS),
    "meetings:agenda-pdf": (_private_meeting, READERS),
    "meetings:paper": (lambda w: {"pk": w.staff_confidential_paper.pk}, CONFIDENTIAL_OF_PUBLIC_BODY),
    "meetings:meeting-add": (lambda w: {"slug": w.private_body.slug}, MANAGERS),
    "meetings:meeting-edit": (_private_meeting, MANAGERS),
    "meetings:agenda-edit": (_private_meeting, MANAGERS),
    "meetings:agenda-publish": (_private_meeting, POST_ONLY_SIGNED_IN),
    "meetings:minutes-edit": (_private_meeting, MANAGERS),
    "meetings:minutes-approve": (_private_meeting, POST_ONLY_SIGNED_IN),
    "meetings:minutes-publish": (_private_meeting, POST_ONLY_SIGNED_IN),
    "meetings:minutes-correct": (_private_meeting, MANAGERS),
    "meetings:action-status": (
        lambda w: {"pk": w.staff_private_meeting.pk, "action_pk": w.staff_action.pk}, POST_ONLY_SIGNED_IN
    ),
}


def _meetings(world):
    from meetings.models import Meeting

    return list(Meeting.objects.filter(body=world.private_body).order_by("pk").values_list("title", "venue", "status"))


def _items(meeting):
    return list(meeting.items.order_by("position").values_list("title", "purpose"))


def _minutes(meeting):
    from meetings.models import MinuteEntry, Minutes

    versions = list(Minutes.objects.filter(meeting=meeting).order_by("version").values_list("version", "status"))
    return versions, list(MinuteEntry.objects.filter(minutes__meeting=meeting).order_by("pk").values_list("text", flat=True))


def _meeting_form(**fields):
    return {"kind": "business", "title": "", "starts_at": "2010-02-04T18:00", "ends_at": "", "venue": "Civic Centre", **fields}


def _draft_minutes_meeting(world):
    return {"pk": world.draft_minutes_meeting.pk}


WRITES = {
    "meetings:meeting-add": Write(
        lambda w: {"slug": w.private_body.slug},
        lambda w: _meeting_form(title="Scoring the bids", starts_at=f"{timezone.now().year + 1}-02-04T18:00"),
        _meetings, OFFICER_AND_STAFF,
    ),
    "meetings:meeting-edit": Write(
        _private_meeting, lambda w: _meeting_form(venue="Committee Room 1", status="held"), _meetings, OFFICER_AND_STAFF,
    ),
    "meetings:agenda-edit": Write(
        _private_meeting,
        # The agenda is published: a change gives the reason readers see ("Revised on ...").
        lambda w: {"do": "add", "title": "Any other business", "presenter": "", "purpose": "information", "description": "",
                   "revision_reason": "Added at the Chair's request."},
        lambda w: _items(w.staff_private_meeting), OFFICER_AND_STAFF,
    ),
    "meetings:agenda-publish": Write(
        lambda w: {"pk": w.staff_coming_meeting.pk}, lambda w: {"when": "now", "confirmed": "yes"},
        lambda w: type(w.staff_coming_meeting).objects.values_list("agenda_published_at", flat=True).get(pk=w.staff_coming_meeting.pk),
        OFFICER_AND_STAFF,
    ),
    "meetings:minutes-edit": Write(
        _draft_minutes_meeting, lambda w: {"do": "save", "entry-general": "Eleven bids were scored and ranked."},
        lambda w: _minutes(w.draft_minutes_meeting), OFFICER_AND_STAFF,
    ),
    "meetings:minutes-approve": Write(
        _draft_minutes_meeting, lambda w: {"at_meeting": w.staff_approving_meeting.pk},
        lambda w: _minutes(w.draft_minutes_meeting), OFFICER_AND_STAFF,
    ),
    "meetings:minutes-publish": Write(
        _private_meeting, lambda w: {"when": "now"}, lambda w: _minutes(w.staff_private_meeting), OFFICER_AND_STAFF,
    ),
    "meetings:minutes-correct": Write(
        _private_meeting, lambda w: {"reason": "The number of bids received was twelve, not eleven."},
        lambda w: _minutes(w.staff_private_meeting), OFFICER_AND_STAFF,
    ),
    "meetings:action-status": Write(
        lambda w: {"pk": w.staff_private_meeting.pk, "action_pk": w.staff_action.pk},
        lambda w: {f"action-{w.staff_action.pk}-status": "done"},
        lambda w: type(w.staff_action).objects.values_list("status", flat=True).get(pk=w.staff_action.pk),
        OFFICER_AND_STAFF,
    ),
}
