"""Permission matrix rows for the meeting cycle: the meeting page, papers, the agenda pack, and
the pages where staff and the body's officers run meetings, agendas and minutes."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

OK, LOGIN, HIDDEN, POST_ONLY = 200, 302, 404, 405

# Staff and the body's officers (officer@ is the private body's officer).
MANAGERS = {"anonymous": LOGIN, "member": HIDDEN, "officer": OK, "executive": HIDDEN, "staff": OK, "admin": OK}
POST_ONLY_SIGNED_IN = {
    "anonymous": LOGIN, "member": POST_ONLY, "officer": POST_ONLY, "executive": POST_ONLY, "staff": POST_ONLY,
    "admin": POST_ONLY,
}
# A private body's meeting: its readers (members, officers, executives, staff) only.
READERS = {"anonymous": HIDDEN, "member": OK, "officer": OK, "executive": OK, "staff": OK, "admin": OK}
# A confidential paper of the public body: its members (none of these users) and staff only;
# the public cannot reach it by URL.
CONFIDENTIAL_OF_PUBLIC_BODY = {
    "anonymous": HIDDEN, "member": HIDDEN, "officer": HIDDEN, "executive": HIDDEN, "staff": OK, "admin": OK,
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
