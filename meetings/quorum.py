"""Whether a meeting was quorate: the one home of the quorum rule (the attendance page shows it,
the minutes record it).

Voting members are the body's seated memberships (chair, vice-chair, member, co-opted) active
on the meeting date with a vote. The quorum is the body's QuorumRule share of them, rounded
up, and never fewer than its minimum nor than one; without a rule, a third of the voting
members with deputies counting (the QuorumRule defaults). A voting member counts when present,
or represented by a deputy where the rule lets deputies count.
"""

import math
from fractions import Fraction
from typing import NamedTuple

from django.utils import timezone

from partnerships.models import Membership

from .models import Attendance, AttendanceStatus, QuorumRule


class QuorumStatus(NamedTuple):
    required: int
    counted: int
    quorate: bool


def quorum_rule_for(body_id):
    """The body's quorum rule; an unsaved one with the defaults when it has none."""
    return QuorumRule.objects.filter(body_id=body_id).first() or QuorumRule(body_id=body_id)


def share(fraction):
    """The rule's share as an exact fraction. The field keeps three decimals, so 0.334 stands
    for a third and 0.667 for two thirds: 12 voting members need 4, not ceil(4.008) = 5."""
    exact = Fraction(str(fraction))
    simple = exact.limit_denominator(20)
    return simple if abs(simple - exact) <= Fraction(1, 1000) else exact


def describe_quorum(rule):
    """E.g. "1/3 of the voting members, rounded up; deputies count"."""
    text = f"{share(rule.fraction)} of the voting members, rounded up"
    if rule.minimum:
        text += f", and at least {rule.minimum}"
    return f"{text}; {'deputies count' if rule.deputies_count else 'deputies do not count'}"


def required_for(rule, voting_members):
    return max(math.ceil(share(rule.fraction) * voting_members), rule.minimum, 1)


def quorum_status(meeting, *, rule=None) -> QuorumStatus:
    """How many attendees the meeting needed, how many counted, and whether it was quorate.
    `rule` saves a query when the caller has already loaded the body's QuorumRule."""
    rule = rule or quorum_rule_for(meeting.body_id)
    on = timezone.localdate(meeting.starts_at)
    voting = Membership.objects.filter(body_id=meeting.body_id, voting=True).active_on(on).seated()
    statuses = [AttendanceStatus.PRESENT] + ([AttendanceStatus.DEPUTY] if rule.deputies_count else [])
    required = required_for(rule, voting.count())
    # Count people in the room, not seats: a member who also deputises for another member is
    # one person and counts once.
    attendees = {
        deputy_id if status == AttendanceStatus.DEPUTY else person_id
        for status, person_id, deputy_id in Attendance.objects.filter(
            meeting=meeting, membership__in=voting, status__in=statuses
        ).values_list("status", "membership__person_id", "deputy_id")
    }
    counted = len(attendees)
    return QuorumStatus(required, counted, counted >= required)
