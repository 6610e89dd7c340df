"""Permission matrix rows for attendance, quorum, statistics and membership reviews."""

import datetime

from django.utils import timezone

from .conftest import OFFICER_AND_STAFF, Write
from .conftest import STAFF as STAFF_MAY

OK, LOGIN, HIDDEN, POST_ONLY = 200, 302, 404, 405

# The register: staff and the body's officers (officer@ is the private body's officer).
MANAGERS = {"anonymous": LOGIN, "member": HIDDEN, "officer": OK, "executive": HIDDEN, "staff": OK, "admin": OK, "outsider": HIDDEN}
POST_ONLY_SIGNED_IN = {"anonymous": LOGIN} | dict.fromkeys(
    ("member", "officer", "executive", "staff", "admin", "outsider"), POST_ONLY
)
STAFF = {"anonymous": LOGIN, "member": HIDDEN, "officer": HIDDEN, "executive": HIDDEN, "staff": OK, "admin": OK, "outsider": HIDDEN}
STAFF_POST_ONLY = {**STAFF, "staff": POST_ONLY, "admin": POST_ONLY}
# Statistics are public in aggregate, but this body is private: its readers only.
READERS = {"anonymous": HIDDEN, "member": OK, "officer": OK, "executive": OK, "staff": OK, "admin": OK, "outsider": HIDDEN}


def extend_world(world):
    from governance.models import MembershipReview, ReviewReason
    from meetings.models import Attendance, Guest, Meeting, MeetingStatus

    world.attendance_meeting = Meeting.objects.create(
        body=world.private_body, status=MeetingStatus.HELD, public=False,
        starts_at=timezone.make_aware(datetime.datetime(2010, 3, 4, 18, 0)),
    )
    Attendance.objects.create(meeting=world.attendance_meeting, membership=world.membership, status="present")
    world.attendance_guest = Guest.objects.create(meeting=world.attendance_meeting, name="Pat Presenter")
    world.attendance_review = MembershipReview.objects.create(
        membership=world.membership, reason=ReviewReason.ATTENDANCE, window_last_meeting=world.attendance_meeting,
        attended=1, window=4,
    )


def _meeting(world):
    return {"pk": world.attendance_meeting.pk}


ROWS = {
    "meetings:attendance": (_meeting, MANAGERS),
    "meetings:attendance-row": (lambda w: {"pk": w.attendance_meeting.pk, "membership_pk": w.membership.pk}, POST_ONLY_SIGNED_IN),
    "meetings:attendance-guest-add": (_meeting, POST_ONLY_SIGNED_IN),
    "meetings:attendance-guest-remove": (
        lambda w: {"pk": w.attendance_meeting.pk, "guest_pk": w.attendance_guest.pk}, POST_ONLY_SIGNED_IN
    ),
    "meetings:attendance-stats": (lambda w: {"slug": w.private_body.slug}, READERS),
    "reviews:reviews": (None, STAFF),
    "reviews:review-close": (lambda w: {"pk": w.attendance_review.pk}, STAFF),
    "reviews:review-open-periodic": (None, STAFF_POST_ONLY),
}


def _attendance(world):
    from meetings.models import Attendance

    return list(Attendance.objects.filter(meeting=world.attendance_meeting).values_list("membership", "status", "note"))


def _guests(world):
    from meetings.models import Guest

    return list(Guest.objects.filter(meeting=world.attendance_meeting).values_list("name", flat=True))


def _reviews(world):
    from governance.models import MembershipReview

    return list(
        MembershipReview.objects.filter(membership__body=world.private_body)
        .order_by("pk").values_list("reason", "outcome", "closed_at")
    )


def _row(world, status, note=""):
    return {f"m{world.membership.pk}-status": status, f"m{world.membership.pk}-note": note}


WRITES = {
    "meetings:attendance": Write(_meeting, lambda w: _row(w, "apologies", "Unwell"), _attendance, OFFICER_AND_STAFF),
    "meetings:attendance-row": Write(
        lambda w: {"pk": w.attendance_meeting.pk, "membership_pk": w.membership.pk}, lambda w: _row(w, "absent"),
        _attendance, OFFICER_AND_STAFF,
    ),
    "meetings:attendance-guest-add": Write(
        _meeting, lambda w: {"name": "Gina Guest", "organisation": "Carlisle City Council", "role": "Presented the bids"},
        _guests, OFFICER_AND_STAFF,
    ),
    "meetings:attendance-guest-remove": Write(
        lambda w: {"pk": w.attendance_meeting.pk, "guest_pk": w.attendance_guest.pk}, lambda w: {}, _guests,
        OFFICER_AND_STAFF,
    ),
    "reviews:review-close": Write(
        lambda w: {"pk": w.attendance_review.pk}, lambda w: {"outcome": "seat_kept", "notes": "Attendance improved."},
        _reviews, STAFF_MAY,
    ),
    "reviews:review-open-periodic": Write(None, lambda w: {"body": w.private_body.slug}, _reviews, STAFF_MAY),
}
