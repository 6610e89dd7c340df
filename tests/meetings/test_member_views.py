import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AttendanceStatus, MinutesStatus
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory
from tests.meetings.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    HeldMeetingFactory,
    MeetingFactory,
    PaperFactory,
    at,
    minutes_with,
)

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/accounts/meetings/"


def text(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def member(client):
    body = BodyFactory(name="Carlisle Partnership Executive")
    user = UserFactory()
    membership = MembershipFactory(person=PersonFactory(user=user, name="Mary Member"), body=body, start=D(2009, 1, 1), seat="Voluntary sector seat")
    client.force_login(user)
    return client, membership


def test_the_page_is_for_signed_in_users(client):
    assert reverse("meetings:my-meetings") == URL
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_member_sees_bodies_meetings_agendas_minutes_actions_and_attendance(member):
    client, membership = member
    body = membership.body
    soon = MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=10), title="Spring Executive")
    item = AgendaItemFactory(meeting=soon, position=1, title="Community Plan refresh")  # the agenda is still a draft
    PaperFactory(item=item, title="Draft Community Plan")
    held = [HeldMeetingFactory(body=body, starts_at=at(2009, 2 + i, 5)) for i in range(4)]
    for meeting in held[:2]:
        AttendanceFactory(meeting=meeting, membership=membership, status=AttendanceStatus.PRESENT)
    draft = minutes_with(held[3], status=MinutesStatus.DRAFT)
    ActionFactory(meeting=held[3], owner=membership.person, text="Send the CVS response", due=D(2009, 6, 1))

    response = client.get(URL)
    page = text(response)
    assert "Carlisle Partnership Executive" in page and "Voluntary sector seat" in page
    assert "Spring Executive" in page and "Draft agenda" in page
    assert "Community Plan refresh" in page and "Draft Community Plan" in page
    assert reverse("meetings:paper", kwargs={"pk": item.papers.get().pk}) in response.content.decode()
    assert reverse("meetings:minutes", kwargs={"pk": draft.meeting_id}) in response.content.decode()
    assert "Send the CVS response Carlisle Partnership Executive, 5 May 2009 1 Jun 2009 Open" in page
    # Carlisle Executive ToR (seed 002): 2 of every 4 meetings.
    assert "The rule: 2 of every 4 held meetings" in page
    assert "Meets the rule You attended 2 of the last 4 meetings." in page


def test_a_member_below_the_rule_is_told_the_seat_is_due_for_review(member):
    client, membership = member
    for i in range(4):
        HeldMeetingFactory(body=membership.body, starts_at=at(2009, 2 + i, 5))
    assert "Below the rule You attended 0 of the last 4 meetings: your seat is due for review." in text(client.get(URL))


def test_a_user_without_seats_sees_empty_sections(client):
    client.force_login(UserFactory())
    page = text(client.get(URL))
    assert "You do not hold a seat on any body" in page and "You have no actions." in page


def test_other_bodies_meetings_are_not_mine(member):
    client, _ = member
    MeetingFactory(body=BodyFactory(), starts_at=timezone.now() + datetime.timedelta(days=3), title="Someone else's meeting")
    assert "Someone else's meeting" not in text(client.get(URL))
