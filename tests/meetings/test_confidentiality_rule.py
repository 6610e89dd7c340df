"""One confidentiality rule, two ways of asking it (meetings/policy.py): the querysets that lists
use and the per-object answers that single pages use must agree, for every role, on every
item, paper and minuted row of every kind of meeting (issue 12)."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from meetings.models import AgendaItem, MinuteEntry, MinutesStatus, Paper
from meetings.policy import meeting_policy
from tests.governance.conftest import ROLES, World

from .factories import AgendaItemFactory, MeetingFactory, MinuteEntryFactory, MinutesFactory, PaperFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(db):
    """On each of the world's bodies, every kind of meeting: public or private, agenda
    published or not; each with an open and a confidential item, each item with a published
    and an unpublished paper and a minuted row, in draft or published minutes."""
    world = World()
    published_at = timezone.now() - datetime.timedelta(days=30)
    bodies = [world.public_body, world.private_body, world.other_body]
    for n, (body, public, agenda_out, minutes_out) in enumerate(
        itertools.product(bodies, (True, False), (True, False), (True, False))
    ):
        meeting = MeetingFactory(
            body=body, public=public, starts_at=at(2010, 1, 1) + datetime.timedelta(days=n),
            agenda_published_at=published_at if agenda_out else None,
        )
        minutes = MinutesFactory(
            meeting=meeting, status=MinutesStatus.PUBLISHED if minutes_out else MinutesStatus.DRAFT,
            published_at=published_at if minutes_out else None,
        )
        for position, confidential in enumerate((False, True), start=1):
            item = AgendaItemFactory(meeting=meeting, position=position, confidential=confidential)
            PaperFactory(item=item, published_at=published_at)
            PaperFactory(item=item, published_at=None)
            MinuteEntryFactory(minutes=minutes, item=item)
        MinuteEntryFactory(minutes=minutes, item=None)
    return world


def user_of(world, role):
    return world.users[role] or AnonymousUser()


@pytest.mark.parametrize("role", ROLES)
def test_items_agree(scene, role):
    user = user_of(scene, role)
    listed = set(meeting_policy.visible_agenda_items(user).values_list("pk", flat=True))
    for meeting in meeting_policy.visible(user):
        one_by_one = set(meeting_policy.visible_items(user, meeting).values_list("pk", flat=True))
        assert one_by_one == {pk for pk in listed if AgendaItem.objects.get(pk=pk).meeting_id == meeting.pk}
        for item in meeting.items.all():
            readable = meeting_policy.can_see_agenda(user, meeting) and (
                not item.confidential or meeting_policy.can_see_confidential(user, meeting)
            )
            assert (item.pk in one_by_one) is readable, (role, item)


@pytest.mark.parametrize("role", ROLES)
def test_papers_agree(scene, role):
    user = user_of(scene, role)
    listed = set(meeting_policy.visible_papers(user).values_list("pk", flat=True))
    papers = Paper.objects.select_related("item__meeting")
    assert papers.count() >= 3 * 8 * 4  # and the world's own
    for paper in papers:
        assert meeting_policy.can_see_paper(user, paper) is (paper.pk in listed), (role, paper.item, paper.published_at)


@pytest.mark.parametrize("role", ROLES)
def test_minuted_rows_agree(scene, role):
    user = user_of(scene, role)
    rows = MinuteEntry.objects.filter(minutes__in=meeting_policy.visible_minutes(user))
    listed = set(meeting_policy.without_confidential(user, rows).values_list("pk", flat=True))
    for entry in rows.select_related("item", "minutes__meeting"):
        readable = entry.item is None or not entry.item.confidential or meeting_policy.can_see_confidential(
            user, entry.minutes.meeting
        )
        assert (entry.pk in listed) is readable, (role, entry.item)


def test_the_scene_tells_the_roles_apart(scene):
    """The agreement above is not between two empty answers: readers see more than the public."""
    counts = {role: meeting_policy.visible_papers(user_of(scene, role)).count() for role in ROLES}
    assert counts["anonymous"] < min(counts["member"], counts["outsider"])  # the outsider reads its own body's
    assert counts["member"] < counts["staff"] == Paper.objects.count()
