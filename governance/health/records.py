"""What the health check reports: findings, the norms that apply to a body, a body's health,
and the counts of the whole partnership."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from meetings.attendance.statistics import Tally
from partnerships.models import Body

PROBLEM, WARNING, GOOD = "problem", "warning", "good"
SEVERITIES = (PROBLEM, WARNING, GOOD)
SEVERITY_LABELS = {PROBLEM: "Problem", WARNING: "Warning", GOOD: "Good"}


@dataclass
class Finding:
    """One observation about a body: what was found, the seed's reasoning, and where to fix it."""

    code: str
    severity: str
    title: str
    detail: str
    quote: str
    source: str
    fix_url: str = ""
    fix_label: str = ""

    @property
    def severity_label(self):
        return SEVERITY_LABELS[self.severity]


@dataclass
class Standard:
    """The norms that apply to one body: its kind's, or its own where it sets them."""

    size_min: int | None
    size_max: int | None
    meetings_min: int | None
    meetings_max: int | None
    interval_days: int | None
    expects_deputies: bool
    sectors: tuple
    tiers: tuple
    source: str
    size_overridden: bool = False
    frequency_overridden: bool = False

    @property
    def size_text(self):
        if self.size_min and self.size_max:
            return f"{self.size_min}–{self.size_max}"
        if self.size_max:
            return f"up to {self.size_max}"
        return f"at least {self.size_min}" if self.size_min else ""

    @property
    def frequency_text(self):
        low, high = self.meetings_min, self.meetings_max
        if low and high:
            return f"{low} a year" if low == high else f"{low} to {high} a year"
        if low:
            return f"at least {low} a year"
        return f"at most {high} a year" if high else ""


def standard_for(body, kind_standard):
    """The norms for `body`: its kind's standard, with the body's own optimum size (when either
    bound is set) and meeting interval in place of the kind's."""
    size_overridden = body.size_min is not None or body.size_max is not None
    size = (body.size_min, body.size_max) if size_overridden else (kind_standard.size_min, kind_standard.size_max)
    if body.meets_every_months:
        months = body.meets_every_months
        meetings = ((12 // months) or None, None)
        interval_days = round(months * 365.25 / 12)
    else:
        meetings = (kind_standard.meetings_per_year_min, kind_standard.meetings_per_year_max)
        interval_days = round(365.25 / meetings[0]) if meetings[0] else None
    return Standard(
        size_min=size[0], size_max=size[1], meetings_min=meetings[0], meetings_max=meetings[1],
        interval_days=interval_days, expects_deputies=kind_standard.expects_deputies,
        sectors=tuple(kind_standard.expected_sectors or ()), tiers=tuple(kind_standard.expected_tiers or ()),
        source=kind_standard.source, size_overridden=size_overridden,
        frequency_overridden=bool(body.meets_every_months),
    )


@dataclass
class BodyHealth:
    """What the record says about one body, and the findings drawn from it."""

    body: Body
    standard: Standard
    seated: int = 0
    with_deputy: int = 0
    sectors: frozenset = frozenset()
    tiers: frozenset = frozenset()
    meetings_last_year: int = 0
    last_meeting: datetime.date | None = None
    recent: Tally = field(default_factory=Tally)  # attendance in the last six months
    earlier: Tally = field(default_factory=Tally)  # and in the six months before
    terms_status: str = ""  # "approved", "draft" or "" (none)
    terms_review_due: datetime.date | None = None
    indicators: int | None = None  # thematic groups only
    findings: list = field(default_factory=list)

    @property
    def year(self):
        """Attendance over the whole twelve months."""
        return Tally(
            expected=self.recent.expected + self.earlier.expected,
            present=self.recent.present + self.earlier.present,
            deputy=self.recent.deputy + self.earlier.deputy,
        )

    @property
    def severity(self):
        """The worst severity among the findings; "good" when there are none."""
        return min((f.severity for f in self.findings), key=SEVERITIES.index, default=GOOD)

    def of(self, severity):
        return [f for f in self.findings if f.severity == severity]

    @property
    def problems(self):
        return self.of(PROBLEM)

    @property
    def warnings(self):
        return self.of(WARNING)

    @property
    def goods(self):
        return self.of(GOOD)

    @property
    def concerns(self):
        """Problems first, then warnings."""
        return self.problems + self.warnings


@dataclass
class Summary:
    """Counts for the whole-partnership page and the digest."""

    bodies: int
    by_severity: dict  # {worst severity: number of bodies}
    findings: dict  # {severity: number of findings}
    by_code: list  # [(code, title, severity, number of bodies)], most common problems first


def summarise(healths):
    by_severity = Counter(h.severity for h in healths)
    findings = Counter(f.severity for h in healths for f in h.findings)
    # A finding can be a problem for one body and a warning for another: counted apart.
    codes, titles = Counter(), {}
    for health in healths:
        for finding in health.concerns:
            codes[finding.code, finding.severity] += 1
            titles[finding.code] = finding.title
    by_code = sorted(
        ((code, titles[code], severity, n) for (code, severity), n in codes.items()),
        key=lambda row: (SEVERITIES.index(row[2]), -row[3], row[0]),
    )
    return Summary(
        bodies=len(healths),
        by_severity={s: by_severity.get(s, 0) for s in SEVERITIES},
        findings={s: findings.get(s, 0) for s in SEVERITIES},
        by_code=by_code,
    )


def worst_first(healths):
    """Bodies with problems first (the most problems first), then warnings, then healthy ones;
    tree order within each."""
    return sorted(healths, key=lambda h: (SEVERITIES.index(h.severity), -len(h.problems), -len(h.warnings)))
