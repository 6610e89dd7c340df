"""The governance health check: every current body measured against the norms of its kind
(governance/health/models.py, from seed 004), each finding with the seed's reasoning and a link
to fix it. `partnership_health()` is the one home of the check: the pages, the monthly digest
and the command all call it.

How the record is read, as at `on` (today):
- Size: seated memberships (chair, vice-chair, member, co-opted) active on `on`, against the
  optimum range. More than a third above the range is a problem; above or below it a warning.
- Frequency: held meetings in the twelve months to `on`, against the meetings a year of the
  kind (judged once the body is a year old). No held meeting for twice the expected interval
  (twelve months divided by the fewest meetings a year) is a problem.
- Overrides: a body's own optimum size (Body.size_min / size_max) replaces its kind's range
  when either bound is set; its own interval (Body.meets_every_months, m months) replaces the
  kind's frequency with "at least 12 // m a year, no upper limit" and an interval of m months.
- Attendance (seed 004's "talking shop" symptoms): the share of expected seats filled, by the
  member or a deputy, and the share filled by deputies, at held meetings in the last twelve
  months, counted as the statistics page counts them (a seat active on the meeting's date with
  no attendance row was absent; meetings/attendance/statistics.py's Tally gives the rates); the
  trend compares the last six months with the six before. Whether a seat falls below a body's
  attendance rule is the rule's business (meetings/attendance): this check judges bodies.
- Deputies: seated memberships without a designated deputy, for kinds that expect them.
- Sector balance: the sectors of the organisations seated members represent; council tiers only
  in a two-tier area (the partnership counts both a county and a district council).
- Terms of reference: an approved version (terms or constitution) whose review date has not
  passed.
- Thematic groups: the indicators of current community strategies they lead, directly or
  through a theme they lead (seed 002 proposal 6: "at least two" priorities, measurable).

Modules: models.py (the norms of each kind), records.py (what a finding and a body's health
are), reading.py (the queries: a constant number whatever the number of bodies), rules.py (the
findings, their seed quotes and fix links), selectors.py (what the pages, the digest and the
command import), digest.py (the monthly email), views.py and urls.py (the pages).
"""
