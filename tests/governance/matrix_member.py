"""Permission matrix rows for what a member does for themselves: apologies (or a deputy) for a
coming meeting of their body, and marking their own actions done. Only the member holding the
seat or owning the action may; everyone else, the body's officer and staff included, gets the
404 of a missing page (the clerk records attendance on the register)."""

import datetime

from django.utils import timezone

from .conftest import Write

OK, LOGIN, HIDDEN, POST_ONLY = 200, 302, 404, 405

MEMBER_ONLY = {"anonymous": LOGIN, "member": OK, "officer": HIDDEN, "executive": HIDDEN, "staff": HIDDEN,
               "admin": HIDDEN, "outsider": HIDDEN}
POST_ONLY_SIGNED_IN = {
    "anonymous": LOGIN, "member": POST_ONLY, "officer": POST_ONLY, "executive": POST_ONLY, "staff": POST_ONLY,
    "admin": POST_ONLY, "outsider": POST_ONLY,
}
MEMBER = frozenset({"member"})


def extend_world(world):
    from meetings.models import Action, Attendance, Meeting
    from tests.factories import PersonFactory

    world.member_coming_meeting = Meeting.objects.create(
        body=world.private_body, public=False, starts_at=timezone.now() + datetime.timedelta(days=21),
    )
    # A second coming meeting, for withdrawing: the member has already sent apologies.
    world.member_apologised_meeting = Meeting.objects.create(
        body=world.private_body, public=False, starts_at=timezone.now() + datetime.timedelta(days=49),
    )
    Attendance.objects.create(meeting=world.member_apologised_meeting, membership=world.membership, status="apologies")
    world.member_deputy = PersonFactory(name="Dee Deputy")
    type(world.membership).objects.filter(pk=world.membership.pk).update(designated_deputy=world.member_deputy)
    held = Meeting.objects.create(
        body=world.private_body, public=False, starts_at=timezone.now() - datetime.timedelta(days=60), status="held",
    )
    world.member_action = Action.objects.create(
        meeting=held, text="Send the scoring sheet to the group.", owner=world.membership.person,
        due=timezone.localdate() - datetime.timedelta(days=7),
    )


def _coming(world):
    return {"pk": world.member_coming_meeting.pk}


def _apologised(world):
    return {"pk": world.member_apologised_meeting.pk}


ROWS = {
    "meetings:apologies": (_coming, MEMBER_ONLY),
    "meetings:apologies-withdraw": (_apologised, POST_ONLY_SIGNED_IN),
    "meetings:own-action-status": (lambda w: {"pk": w.member_action.pk}, POST_ONLY_SIGNED_IN),
}


def _sent(meeting):
    from meetings.models import Attendance

    return list(Attendance.objects.filter(meeting=meeting).values_list("membership", "status", "deputy", "note"))


WRITES = {
    "meetings:apologies": Write(
        _coming, lambda w: {"sending": "deputy", "deputy": w.member_deputy.pk, "note": "Away at a conference."},
        lambda w: _sent(w.member_coming_meeting), MEMBER,
    ),
    "meetings:apologies-withdraw": Write(
        _apologised, lambda w: {}, lambda w: _sent(w.member_apologised_meeting), MEMBER,
    ),
    "meetings:own-action-status": Write(
        lambda w: {"pk": w.member_action.pk}, lambda w: {"status": "done"},
        lambda w: type(w.member_action).objects.values_list("status", flat=True).get(pk=w.member_action.pk), MEMBER,
    ),
}
