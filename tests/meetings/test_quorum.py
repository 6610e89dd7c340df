"""Whether a meeting was quorate (meetings/quorum.py)."""

import datetime
from decimal import Decimal

import pytest

from meetings.models import QuorumRule
from meetings.quorum import QuorumStatus, quorum_status, required_for
from tests.factories import BodyFactory, MembershipFactory, PersonFactory

from .factories import AttendanceFactory, HeldMeetingFactory, at

pytestmark = pytest.mark.django_db

D = datetime.date


def meeting_with(voting_members, *, present=0, deputies=0, apologies=0, rule=None, **extra_members):
    body = BodyFactory()
    if rule:
        QuorumRule.objects.create(body=body, **rule)
    meeting = HeldMeetingFactory(body=body, starts_at=at(2010, 3, 4))
    members = MembershipFactory.create_batch(voting_members, body=body)
    statuses = ["present"] * present + ["deputy"] * deputies + ["apologies"] * apologies
    for membership, status in zip(members, statuses):
        AttendanceFactory(
            meeting=meeting, membership=membership, status=status,
            deputy=PersonFactory() if status == "deputy" else None,
        )
    return meeting


@pytest.mark.parametrize(
    "voting, rule, expected",
    [
        (12, QuorumRule(), 4),  # a third of 12, not ceil(0.334 * 12) = 5
        (10, QuorumRule(), 4),  # a third of 10, rounded up
        (9, QuorumRule(), 3),
        (1, QuorumRule(), 1),
        (0, QuorumRule(), 1),  # nobody can be quorate alone with nobody
        (12, QuorumRule(fraction=Decimal("0.5")), 6),
        (12, QuorumRule(fraction=Decimal("0.667")), 8),
        (20, QuorumRule(fraction=Decimal("0.35")), 7),
        (6, QuorumRule(minimum=5), 5),
    ],
)
def test_required_is_the_share_rounded_up_and_never_below_the_minimum(voting, rule, expected):
    assert required_for(rule, voting) == expected


def test_a_third_of_voting_members_by_default():
    assert quorum_status(meeting_with(12, present=4)) == QuorumStatus(required=4, counted=4, quorate=True)
    assert quorum_status(meeting_with(12, present=3, apologies=5)) == QuorumStatus(4, 3, False)


def test_deputies_count_by_default_but_not_when_the_rule_says_not():
    assert quorum_status(meeting_with(9, present=1, deputies=2)).quorate is True
    assert quorum_status(meeting_with(9, present=1, deputies=2, rule={"deputies_count": False})) == QuorumStatus(3, 1, False)


def test_only_voting_seated_members_on_the_meeting_date_count():
    meeting = meeting_with(3, present=1)
    body = meeting.body
    for membership in [
        MembershipFactory(body=body, voting=False),
        MembershipFactory(body=body, role="officer"),
        MembershipFactory(body=body, role="observer"),
    ]:
        AttendanceFactory(meeting=meeting, membership=membership, status="present")
    MembershipFactory(body=body, start=D(2009, 1, 1), end=D(2010, 1, 1))  # left before the meeting
    MembershipFactory(body=body, start=D(2010, 6, 1))  # joined after it
    assert quorum_status(meeting) == QuorumStatus(required=1, counted=1, quorate=True)


def test_the_cost_is_fixed(django_assert_num_queries):
    meeting = meeting_with(30, present=12)
    with django_assert_num_queries(3):
        quorum_status(meeting)


def test_a_member_who_also_deputises_counts_once():
    # In the demo, Neil Routledge sits on the Carlisle Executive and deputises for its chair:
    # one person in the room is one towards the quorum.
    body = BodyFactory()
    meeting = HeldMeetingFactory(body=body, starts_at=at(2010, 3, 4))
    neil, chair, third = MembershipFactory.create_batch(3, body=body)
    AttendanceFactory(meeting=meeting, membership=neil, status="present")
    AttendanceFactory(meeting=meeting, membership=chair, status="deputy", deputy=neil.person)
    AttendanceFactory(meeting=meeting, membership=third, status="present")
    assert quorum_status(meeting).counted == 2
