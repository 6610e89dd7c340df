"""The findings: each aspect of a body's health judged against its standard, with the seed's
reasoning (quoted) and a link to where it can be fixed."""

import dataclasses
import datetime
import functools

from django.urls import NoReverseMatch, reverse

from governance.terms.models import TermsStatus
from meetings.attendance.statistics import TREND_THRESHOLD
from partnerships.models import BodyKind, CouncilTier, Sector
from partnerships.policy import body_policy
from partnerships.roles import is_staff
from partnerships.sources import CARLISLE_PAPER, HORSHAM_REVIEW

from .models import FREQUENCY_QUOTE, SIZE_QUOTE
from .records import GOOD, PROBLEM, SEVERITIES, WARNING, Finding

# A body more than a third above its optimum size is a problem, not just a warning.
OVERSIZE_PROBLEM_RATIO = 4 / 3
# Seed 004 names "low attendance rates" without a figure; the Carlisle rule (seed 002) asks of
# each seat 2 of every 4 meetings, so a body filling fewer than half its seats is a problem.
ATTENDANCE_PROBLEM_BELOW = 0.5
ATTENDANCE_WARNING_BELOW = 0.7
# Seed 004's "increase in substitutes": a quarter of the seats filled by deputies.
DEPUTY_WARNING_ABOVE = 0.25
# Seed 002 proposal 6: "at least two of their current initiatives".
PRIORITIES_WANTED = 2
YEAR_DAYS = 365

QUOTES = {
    "size": (SIZE_QUOTE, f"{HORSHAM_REVIEW}, principle 3 and its table of optimum sizes"),
    "size.under": (
        "The composition of each layer in the structure should reflect a balance between representation of "
        "organisations vital to the furtherance of the aims of the partnership and the need to ensure that "
        "meetings are action-orientated and business like.",
        f"{HORSHAM_REVIEW}, principle 3",
    ),
    "meetings": (FREQUENCY_QUOTE, f"{HORSHAM_REVIEW}, principle 2"),
    "meetings.often": (
        "To reduce frequency of the partnership meetings (South Lakeland model). This is to ensure better "
        "attendance at meetings in order to improve the value, quality and content of discussions.",
        f"{CARLISLE_PAPER}, proposal 2",
    ),
    "attendance": (
        "Symptoms of this are low attendance rates and an increase in substitutes/ more junior-level "
        "representation at meetings.",
        f"{HORSHAM_REVIEW}, principle 3 (“talking shops”)",
    ),
    "deputies": (
        "All representatives should have designated deputies who are equally familiar with the work of the "
        "partnership.",
        f"{HORSHAM_REVIEW}, principle 5",
    ),
    "sectors": (
        "Many LSPs struggle with keeping the range of organisations in the business and "
        "voluntary/community/faith sectors engaged.",
        f"{HORSHAM_REVIEW}, principle 9",
    ),
    "tiers": (
        "It is also vital in two tier areas that council representation (at county, district and parish level) "
        "is incorporated to ensure that there is democratic accountability for partnership groups and strong "
        "links to the cabinets of both District and of the County Council.",
        f"{HORSHAM_REVIEW}, principle 3",
    ),
    "terms": (
        "Clearly defined roles, remits, and responsibilities can help all concerned.",
        f"{HORSHAM_REVIEW}, quoting the IDeA",
    ),
    "priority": (
        "All groups to prioritise at least two of their current initiatives and to ensure greater focus and "
        "hopefully attainment on these.",
        f"{CARLISLE_PAPER}, proposal 6 (“these projects are both measurable and also have effective baseline figures”)",
    ),
}


class Links:
    """Fix links. Each URL pattern is reversed once, with a placeholder, and filled in per body:
    reversing for each of thousands of bodies would cost more than judging them."""

    PLACEHOLDER = "health-placeholder"

    def __init__(self):
        self._patterns = {}

    def _pattern(self, name, kwarg):
        if name not in self._patterns:
            try:
                self._patterns[name] = reverse(name, kwargs={kwarg: self.PLACEHOLDER} if kwarg else None)
            except NoReverseMatch:
                # A page that is not installed (the terms of reference's, say): no link.
                self._patterns[name] = ""
        return self._patterns[name]

    def body(self, name, body):
        """The page `name` of `body`, reversed by slug."""
        return self._pattern(name, "slug").replace(self.PLACEHOLDER, body.slug)

    def admin(self, body):
        return self._pattern("admin:partnerships_body_change", "object_id").replace(self.PLACEHOLDER, str(body.pk))

    def page(self, name):
        return self._pattern(name, None)


# Fix links to pages only the body's managers (its officers and staff) may open.
MANAGERS_FIXES = ("partnerships:membership-add", "meetings:meeting-add")


def without_unusable_fixes(healths, user, links=None):
    """The healths' findings less the fix links `user` may not follow (scheduling a meeting or
    adding a member is for the body's managers, the admin for staff): the findings are judged
    once for everyone, the links are offered only to those they serve. One query at most."""
    managed = body_policy.managed_body_ids(user)
    links = links or Links()
    for health in healths:
        blocked = set() if is_staff(user) else {links.admin(health.body)}
        if managed is not None and health.body.pk not in managed:
            blocked.update(links.body(name, health.body) for name in MANAGERS_FIXES)
        blocked.discard("")
        health.findings = [
            dataclasses.replace(f, fix_url="", fix_label="") if f.fix_url in blocked else f for f in health.findings
        ]
    return healths


def _finding(key, code, severity, title, detail, fix_url="", fix_label=""):
    quote, source = QUOTES[key]
    return Finding(code, severity, title, detail, quote, source, fix_url, fix_label)


def _existed_for(body, on, days):
    return body.established is None or body.established <= on - datetime.timedelta(days=days)


# Bodies' kinds by value, and dates as text: Django's get_FOO_display() builds its dict on every
# call, and thousands of bodies share a handful of dates.
_KIND_LABELS = {value: label.lower() for value, label in BodyKind.choices}


def _kind(body):
    """The kind of body with its article: "an executive", "a board or leadership forum"."""
    return with_article(_KIND_LABELS.get(body.kind, body.kind))


def with_article(noun):
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


@functools.lru_cache(maxsize=64)
def _day(on):
    return f"{on:%-d %B %Y}"


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def _and(words, conjunction="and"):
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def size_findings(h, on, links):
    std, body = h.standard, h.body
    if not (std.size_min or std.size_max):
        return []
    whose = "the body's own norm" if std.size_overridden else f"the norm for {_kind(body)}"
    against = f"against an optimum of {std.size_text} ({whose})"
    if std.size_min and h.seated == 0:
        return [_finding("size", "size.empty", PROBLEM, "No one holds a seat", f"No seated members on {_day(on)}, {against}.",
                         links.body("partnerships:membership-add", body), "Add a member")]
    if std.size_max and h.seated > std.size_max:
        severity = PROBLEM if h.seated > std.size_max * OVERSIZE_PROBLEM_RATIO else WARNING
        return [_finding("size", "size.over", severity, "Larger than the optimum size",
                         f"{_plural(h.seated, 'seated member')} {against}.",
                         links.body("partnerships:body", body) + "#members", "Review the seats")]
    if std.size_min and h.seated < std.size_min:
        return [_finding("size.under", "size.under", WARNING, "Smaller than the optimum size",
                         f"{_plural(h.seated, 'seated member')} {against}.",
                         links.body("partnerships:membership-add", body), "Add a member")]
    return [_finding("size", "size.ok", GOOD, "Within the optimum size", f"{_plural(h.seated, 'seated member')} {against}.")]


def meeting_findings(h, on, links):
    std, body = h.standard, h.body
    schedule = links.body("meetings:meeting-add", body)
    expected = f"expected {std.frequency_text}" + (
        " (the body's own interval)" if std.frequency_overridden else f" for {_kind(body)}"
    )
    found = []
    if std.interval_days and _existed_for(body, on, 2 * std.interval_days):
        since = h.last_meeting or body.established
        if since is None or (on - since).days > 2 * std.interval_days:
            if h.last_meeting:
                gap = f"No held meeting in {_plural((on - h.last_meeting).days, 'day')}: the last was on {_day(h.last_meeting)}"
            elif body.established:
                gap = (f"No meeting is recorded as held since the body was established on {_day(body.established)}, "
                       f"{_plural((on - body.established).days, 'day')} ago")
            else:
                gap = "No meeting is recorded as held"
            # The gap says more than "too rare": one finding, not both.
            return [_finding("meetings", "meetings.gap", PROBLEM, "No meeting for twice the expected interval",
                             f"{gap}; {expected}.", schedule, "Schedule a meeting")]
    if not (std.meetings_min or std.meetings_max) or not _existed_for(body, on, YEAR_DAYS):
        return found
    held = f"{_plural(h.meetings_last_year, 'held meeting')} in the twelve months to {_day(on)}; {expected}."
    if std.meetings_min and h.meetings_last_year < std.meetings_min:
        return [_finding("meetings", "meetings.rare", WARNING, "Meets less often than recommended", held, schedule, "Schedule a meeting")]
    if std.meetings_max and h.meetings_last_year > std.meetings_max:
        return [_finding("meetings.often", "meetings.often", WARNING, "Meets more often than recommended", held,
                         links.body("meetings:body-meetings", body), "See the meetings")]
    return [_finding("meetings", "meetings.ok", GOOD, "Meets as often as recommended", held)]


def attendance_findings(h, on, links):
    year = h.year
    if not year.expected:
        return []
    stats = links.body("meetings:attendance-stats", h.body)
    found = []
    if year.rate < ATTENDANCE_WARNING_BELOW:
        found.append(_finding(
            "attendance", "attendance.low", PROBLEM if year.rate < ATTENDANCE_PROBLEM_BELOW else WARNING, "Low attendance",
            f"{year.rate_percent}% of expected seats filled (by the member or a deputy) at "
            f"{_plural(h.meetings_last_year, 'held meeting')} in the last twelve months.", stats, "See the attendance"))
    if year.deputy_rate > DEPUTY_WARNING_ABOVE:
        found.append(_finding(
            "attendance", "attendance.deputies", WARNING, "Many seats filled by deputies",
            f"{year.deputy_percent}% of expected seats were filled by a deputy in the last twelve months.", stats, "See the attendance"))
    if h.recent.expected and h.earlier.expected:
        if h.earlier.rate - h.recent.rate > TREND_THRESHOLD:
            found.append(_finding(
                "attendance", "attendance.falling", WARNING, "Attendance is falling",
                f"{h.recent.rate_percent}% of expected seats filled in the last six months, against "
                f"{h.earlier.rate_percent}% in the six before.", stats, "See the attendance"))
        if h.recent.deputy_rate - h.earlier.deputy_rate > TREND_THRESHOLD:
            found.append(_finding(
                "attendance", "attendance.deputies-rising", WARNING, "More seats filled by deputies",
                f"{h.recent.deputy_percent}% of expected seats filled by deputies in the last six months, against "
                f"{h.earlier.deputy_percent}% in the six before.", stats, "See the attendance"))
    return found or [_finding(
        "attendance", "attendance.ok", GOOD, "Attendance is healthy",
        f"{year.rate_percent}% of expected seats filled, {year.deputy_percent}% by deputies, in the last twelve months.")]


def deputy_findings(h, on, links):
    if not (h.standard.expects_deputies and h.seated):
        return []
    missing = h.seated - h.with_deputy
    if not missing:
        return [_finding("deputies", "deputies.ok", GOOD, "Every representative has a deputy",
                         f"All {_plural(h.seated, 'seated member')} have a designated deputy.")]
    return [_finding("deputies", "deputies.missing", PROBLEM if h.with_deputy * 2 < h.seated else WARNING,
                     "Representatives without a designated deputy",
                     f"{missing} of {_plural(h.seated, 'seated member')} {'has' if missing == 1 else 'have'} no designated deputy.",
                     links.body("partnerships:body", h.body) + "#members", "Name deputies")]


def representation_findings(h, on, links, *, two_tier):
    std = h.standard
    if not h.seated:
        return []
    found = []
    add = links.body("partnerships:membership-add", h.body)
    if std.sectors:
        missing = [Sector(s).label.lower() for s in std.sectors if s not in h.sectors]
        if missing:
            # Sector names contain "and" ("voluntary and community"): several are listed with semicolons.
            detail = (f"No seated member represents the {missing[0]} sector." if len(missing) == 1
                      else f"No seated member represents these sectors: {'; '.join(missing)}.")
            found.append(_finding("sectors", "sectors.missing", WARNING, "Sectors not represented", detail, add, "Add a member"))
        else:
            # Every sector seated members represent, not only the ones the standard asks for.
            sectors = [label.lower() for value, label in Sector.choices if value in h.sectors]
            detail = (f"Seated members represent the {sectors[0]} sector." if len(sectors) == 1
                      else f"Seated members represent these sectors: {'; '.join(sectors)}.")
            found.append(_finding("sectors", "sectors.ok", GOOD, "Sectors represented", detail))
    if two_tier and std.tiers:
        missing = [CouncilTier(t).label.lower() for t in std.tiers if t not in h.tiers]
        if missing:
            found.append(_finding("tiers", "tiers.missing", WARNING, "Council tiers not represented",
                                  f"In a two-tier area, no seated member represents a {_and(missing, 'or a')}.", add, "Add a member"))
        else:
            found.append(_finding("tiers", "tiers.ok", GOOD, "Council tiers represented",
                                  f"Seated members represent a {_and([CouncilTier(t).label.lower() for t in std.tiers], 'and a')}."))
    return found


def terms_findings(h, on, links):
    fix = links.body("terms:terms", h.body) or links.admin(h.body)
    if h.terms_status != TermsStatus.APPROVED:
        detail = "Only a draft exists." if h.terms_status == TermsStatus.DRAFT else "None is recorded."
        return [_finding("terms", "terms.missing", WARNING, "No approved terms of reference", detail, fix, "Terms of reference")]
    if h.terms_review_due and h.terms_review_due < on:
        return [_finding("terms", "terms.overdue", WARNING, "Terms of reference overdue for review",
                         f"The review was due on {h.terms_review_due:%-d %B %Y}.", fix, "Terms of reference")]
    due = f"; the next review is due on {h.terms_review_due:%-d %B %Y}" if h.terms_review_due else ""
    return [_finding("terms", "terms.ok", GOOD, "Approved terms of reference", f"An approved version is in force{due}.")]


def priority_findings(h, on, links):
    if h.indicators is None:
        return []
    dashboard = links.page("performance:dashboard")
    if h.indicators == 0:
        return [_finding("priority", "priority.none", WARNING, "No measurable priority",
                         "The group leads no indicator of a current community strategy, directly or through a theme.",
                         dashboard, "Performance dashboard")]
    if h.indicators < PRIORITIES_WANTED:
        return [_finding("priority", "priority.few", WARNING, "Only one measurable priority",
                         f"The group leads 1 indicator of a current community strategy; proposal 6 asks for at least "
                         f"{PRIORITIES_WANTED} priorities.", dashboard, "Performance dashboard")]
    return [_finding("priority", "priority.ok", GOOD, "Measurable priorities",
                     f"The group leads {h.indicators} indicators of a current community strategy.")]


def findings(h, *, on, two_tier, links):
    """Every finding about one body, problems first."""
    found = [
        *size_findings(h, on, links),
        *meeting_findings(h, on, links),
        *attendance_findings(h, on, links),
        *deputy_findings(h, on, links),
        *representation_findings(h, on, links, two_tier=two_tier),
        *terms_findings(h, on, links),
        *priority_findings(h, on, links),
    ]
    found.sort(key=lambda f: SEVERITIES.index(f.severity))
    return found
