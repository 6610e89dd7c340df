"""Attendance: recording who came to a meeting, the attendance rule, and attendance statistics.

The rule is the Carlisle Executive's terms of reference (2006, seed 002): "If partners (or their
deputy) do not attend a minimum of two out of every four meetings their position on the
Executive will be reviewed." `evaluate_membership(s)` and `evaluate_all` (rule.py) are its one home: the
Celery task, the nightly beat, `manage.py attendance_review` and the statistics page all call
them. Seed 004 names low attendance and more substitutes as the symptoms of a "talking shop":
the statistics show both.

How the rule reads the record:
- The window is the last `rule.window` *held* meetings of the member's body that took place
  while the membership was active (on or after its start, up to its end or the evaluation
  date). Scheduled and cancelled meetings do not count; a member who joined midway is judged
  only on the meetings since they joined.
- Until `rule.window` such meetings have been held, the member is not flagged: the rule speaks
  of "every four meetings", and three meetings cannot show that.
- A meeting counts as attended when the member was present, or represented by a deputy if the
  rule lets deputies count, or sent apologies if the rule lets apologies count. A held meeting
  without an attendance row counts as absent.
- Every body is evaluated; a body without an AttendanceRule row gets the model's defaults,
  which are the Carlisle rule (see `rule_for`). Seated memberships only (chair, vice-chair,
  member, co-opted): officers and observers support or watch a body, they do not sit on it.
"""

from .register import (
    Recorded,
    RegisterError,
    RegisterRow,
    add_guest,
    attendance_problems,
    deputy_candidates,
    deputy_warning,
    guests,
    meeting_date,
    people_at_meeting,
    record_attendance,
    record_register,
    register,
    register_membership,
    remove_guest,
    too_early_problems,
)
from .rule import (
    HeldMeeting,
    Verdict,
    counts_as_attended,
    describe_rule,
    evaluate_all,
    evaluate_membership,
    evaluate_memberships,
    rule_for,
    rules_for,
)
from .statistics import BodyStats, MemberStats, PeriodStats, Tally, attendance_statistics, trend

__all__ = [
    "BodyStats", "HeldMeeting", "MemberStats", "PeriodStats", "Recorded", "RegisterError", "RegisterRow", "Tally",
    "Verdict", "add_guest", "attendance_problems", "attendance_statistics", "counts_as_attended", "deputy_candidates",
    "deputy_warning", "describe_rule", "evaluate_all", "evaluate_membership", "evaluate_memberships", "guests",
    "meeting_date", "people_at_meeting", "record_attendance", "record_register", "register", "register_membership",
    "remove_guest", "rule_for", "rules_for", "too_early_problems", "trend",
]
