"""The audit trail: who changed what on memberships, terms of reference, minutes and measurements.

django-simple-history keeps a history row for every save and delete of the models registered
in history.py; their historical models and migrations live in this app, so the apps that own the models
are not touched. The signed-in user comes from HistoryRequestMiddleware (or from
`instance._history_user`, which the services set when they know the user).

What the history misses: writes that send no signals. QuerySet.update(), bulk_create() and
bulk_update() write no history row. Measurements are entered and corrected through
performance.services._save_measurements, which writes in bulk; its MeasurementCorrection rows
(old value, who, when) are the trail for those corrections and the feed below reads them
alongside the history rows. docs/audit.md lists the bulk paths.

The staff page's feed is one UNION query over every source, newest first, paginated in the
database; each page then costs one query per source on it (the rows with their previous row's
id) and one for those previous rows, whatever the size of the history.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import CharField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator

from governance.terms.models import TermsOfReference
from meetings.models import Decision, MinuteEntry, Minutes
from partnerships.models import Body, BodyLink, BodyPlacement, Membership, Organisation, Person
from performance.models import Measurement, MeasurementCorrection, lead_body_of, led_by_q

# Timestamps the models set themselves on every save: a change to them alone is no news.
QUIET_FIELDS = {"id", "created_at", "entered_at"}
TEXT_PREVIEW = 160
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class AuditEntry:
    source: str
    label: str
    action: str
    when: object
    user: object
    subject: str
    body: object
    changes: list = field(default_factory=list)
    # False when the record was changed but its earlier state predates the audit trail.
    earlier_known: bool = True


def _display(obj, f):
    """A field's value as a person reads it, without a query (related objects are shown only
    when the feed selected them)."""
    if f.is_relation:
        pk = getattr(obj, f.attname)
        if pk is None:
            return ""
        related = getattr(obj, f.name) if f.is_cached(obj) else None
        return str(related) if related is not None else f"#{pk}"
    value = getattr(obj, f.attname)
    if f.choices and value not in (None, ""):
        return str(dict(f.flatchoices).get(value, value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "strftime"):
        return value.strftime("%-d %b %Y %H:%M") if hasattr(value, "hour") else value.strftime("%-d %b %Y")
    return Truncator(" ".join(str(value).split())).chars(TEXT_PREVIEW)


class HistorySource:
    """One tracked model's history rows in the feed."""

    def __init__(self, key, label, model, *, related, body_path, subject):
        self.key, self.label, self.model = key, label, model
        self.related, self.body_path, self.subject = related, body_path, subject

    @property
    def history(self):
        return self.model.history.model

    def fields(self):
        recorded = {f.name for f in self.history._meta.fields}
        return [f for f in self.model._meta.concrete_fields if f.name not in QUIET_FIELDS and f.name in recorded]

    def feed(self, body=None):
        rows = self.history.objects.all()
        if body is not None:
            rows = rows.filter(self.body_q(body))
        return rows.order_by().annotate(
            source=Value(self.key, output_field=CharField()), row=F("history_id"), when=F("history_date")
        ).values_list("source", "row", "when")

    def body_q(self, body):
        return Q(**{self.body_path: body.pk})

    def body_of(self, row):
        obj = row
        for step in self.body_path.removesuffix("_id").split("__"):
            obj = getattr(obj, step, None)
            if obj is None:
                return None
        return obj

    def entries(self, ids):
        history = self.history
        earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
            history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
        )
        previous = history.objects.filter(earlier, id=OuterRef("id")).order_by("-history_date", "-history_id")
        rows = list(
            history.objects.filter(history_id__in=ids)
            .select_related("history_user", *self.related)
            .annotate(previous_id=Subquery(previous.values("history_id")[:1]))
        )
        previous_ids = [row.previous_id for row in rows if row.previous_id]
        previous_rows = {
            p.history_id: p for p in history.objects.filter(history_id__in=previous_ids).select_related(*self.related)
        } if previous_ids else {}
        return [self._entry(row, previous_rows.get(row.previous_id)) for row in rows]

    def _entry(self, row, previous):
        changes = []
        if row.history_type == "+":
            changes = [Change(f.verbose_name, "", v) for f in self.fields() if (v := _display(row, f))]
        elif row.history_type == "~" and previous is not None:
            for f in self.fields():
                old, new = _display(previous, f), _display(row, f)
                if old != new:
                    changes.append(Change(f.verbose_name, old, new))
        if getattr(row, "history_change_reason", None):
            changes.append(Change("note", "", row.history_change_reason))
        return AuditEntry(
            source=self.key, label=self.label, action=ACTIONS.get(row.history_type, row.history_type),
            when=row.history_date, user=row.history_user, subject=self.subject(row), body=self.body_of(row),
            changes=changes, earlier_known=row.history_type != "~" or previous is not None,
        ), row.history_id


class MeasurementSource(HistorySource):
    """Measurement history rows: the body is the indicator's lead body, or its theme's."""

    def body_q(self, body):
        return led_by_q([body.pk], prefix="indicator__")

    def body_of(self, row):
        indicator = row.indicator
        if indicator is None:
            return None
        return lead_body_of(indicator)


class CorrectionSource:
    """Corrections made through performance.services, which writes in bulk and so leaves no
    history row: each MeasurementCorrection holds the value before; the value after is the next
    correction's "before", or the measurement's current value."""

    key, label = "correction", "Measurement"
    related = ("corrected_by", "measurement__indicator__lead_body", "measurement__indicator__outcome__theme__lead_body")

    def feed(self, body=None):
        rows = MeasurementCorrection.objects.all()
        if body is not None:
            rows = rows.filter(led_by_q([body.pk], prefix="measurement__indicator__"))
        return rows.order_by().annotate(
            source=Value(self.key, output_field=CharField()), row=F("pk"), when=F("corrected_at")
        ).values_list("source", "row", "when")

    def entries(self, ids):
        later = Q(corrected_at__gt=OuterRef("corrected_at")) | Q(corrected_at=OuterRef("corrected_at"), pk__gt=OuterRef("pk"))
        following = MeasurementCorrection.objects.filter(later, measurement=OuterRef("measurement")).order_by("corrected_at", "pk")
        rows = (
            MeasurementCorrection.objects.filter(pk__in=ids)
            .select_related(*self.related)
            .annotate(
                value_after=Coalesce(Subquery(following.values("previous_value")[:1]), F("measurement__value")),
                note_after=Coalesce(Subquery(following.values("previous_note")[:1]), F("measurement__note")),
            )
        )
        entries = []
        for row in rows:
            indicator = row.measurement.indicator
            changes = []
            if row.previous_value != row.value_after:
                changes.append(Change("value", _number(row.previous_value), _number(row.value_after)))
            if row.previous_note != row.note_after:
                changes.append(Change("note", row.previous_note, row.note_after))
            entries.append((AuditEntry(
                source=self.key, label=self.label, action="Corrected", when=row.corrected_at, user=row.corrected_by,
                subject=f"{indicator.code} {row.measurement.period}",
                body=lead_body_of(indicator), changes=changes,
            ), row.pk))
        return entries


def _number(value):
    return "" if value is None else f"{value.normalize():f}"


class BodySource(HistorySource):
    """A body's own history rows: the body is the row itself (its current name as recorded)."""

    def body_q(self, body):
        return Q(id=body.pk)

    def body_of(self, row):
        return Body(pk=row.id, name=row.name, slug=row.slug)


class UnattachedSource(HistorySource):
    """Organisations and people: part of the structure, but of no one body."""

    def feed(self, body=None):
        rows = super().feed(None)
        return rows if body is None else rows.none()

    def body_of(self, row):
        return None


def _placement_subject(r):
    where = f"under {r.parent}" if r.parent_id else "at the top of the structure"
    since = f" from {r.start:%-d %B %Y}" if r.start else ""
    return f"Place of {r.body or 'a deleted body'}: {where}{since}"


def _meeting_subject(meeting):
    return f"{meeting.body} – {meeting.display_title} – {timezone.localtime(meeting.starts_at):%-d %B %Y}" if meeting else "a deleted meeting"


def _minutes_subject(minutes):
    return f"minutes of {_meeting_subject(minutes.meeting)}" if minutes else "deleted minutes"


SOURCES = [
    HistorySource(
        "membership", "Membership", Membership, related=("body", "person", "organisation", "designated_deputy"),
        body_path="body_id",
        subject=lambda r: f"{r.person or 'Someone'} – {r.get_role_display()} of {r.body or 'a deleted body'}",
    ),
    HistorySource(
        "terms", "Terms of reference", TermsOfReference,
        related=("body", "approved_by_body", "approved_at_meeting__body", "created_by"), body_path="body_id",
        subject=lambda r: f"{r.get_kind_display()} of {r.body or 'a deleted body'}, version {r.version}",
    ),
    HistorySource(
        "minutes", "Minutes", Minutes, related=("meeting__body", "approved_at_meeting__body", "created_by"),
        body_path="meeting__body_id",
        subject=lambda r: f"Minutes (version {r.version}) of {_meeting_subject(r.meeting)}",
    ),
    HistorySource(
        "minute_entry", "Minute entry", MinuteEntry, related=("minutes__meeting__body", "item"),
        body_path="minutes__meeting__body_id",
        subject=lambda r: f"Entry{f' on {r.item}' if r.item else ''} in the {_minutes_subject(r.minutes)}",
    ),
    HistorySource(
        "decision", "Decision", Decision, related=("minutes__meeting__body", "item"),
        body_path="minutes__meeting__body_id",
        subject=lambda r: f"Decision in the {_minutes_subject(r.minutes)}",
    ),
    MeasurementSource(
        "measurement", "Measurement", Measurement,
        related=("indicator__lead_body", "indicator__outcome__theme__lead_body", "entered_by"),
        body_path="indicator__lead_body_id",
        subject=lambda r: f"{r.indicator.code if r.indicator else 'A deleted indicator'} {r.period}",
    ),
    CorrectionSource(),
    BodySource(
        "body", "Body", Body, related=("parent",), body_path="id",
        subject=lambda r: f"{r.name} ({r.get_kind_display().lower()})",
    ),
    HistorySource(
        "placement", "Place in the structure", BodyPlacement, related=("body", "parent"), body_path="body_id",
        subject=_placement_subject,
    ),
    HistorySource(
        "link", "Link between bodies", BodyLink, related=("from_body", "to_body"), body_path="from_body_id",
        subject=lambda r: f"{r.from_body or 'A deleted body'} {r.get_kind_display().lower()} {r.to_body or 'a deleted body'}",
    ),
    UnattachedSource(
        "organisation", "Organisation", Organisation, related=(), body_path="", subject=lambda r: r.name,
    ),
    UnattachedSource("person", "Person", Person, related=("user",), body_path="", subject=lambda r: r.name),
]
# The kinds a reader filters by; measurement corrections are measurements.
KINDS = [
    ("membership", "Memberships"),
    ("terms", "Terms of reference"),
    ("minutes", "Minutes"),
    ("minute_entry", "Minute entries"),
    ("decision", "Decisions"),
    ("measurement", "Measurements"),
    ("bodies", "Bodies"),
    ("people", "Organisations and people"),
]
KIND_OF_SOURCE = {
    "correction": "measurement", "body": "bodies", "placement": "bodies", "link": "bodies",
    "organisation": "people", "person": "people",
}


def audit_feed(*, kind=None, body=None):
    """Every tracked change as (source, row id, when), newest first: one UNION queryset, so
    counting and slicing a page happen in the database."""
    parts = [s.feed(body) for s in SOURCES if kind in (None, "", KIND_OF_SOURCE.get(s.key, s.key))]
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-when", "-row")


def audit_entries(page_rows):
    """The AuditEntry of each (source, row id, when) of a page, in the page's order."""
    wanted = defaultdict(list)
    for source, row, _when in page_rows:
        wanted[source].append(row)
    found = {}
    for source in SOURCES:
        if wanted.get(source.key):
            for entry, row in source.entries(wanted[source.key]):
                found[source.key, row] = entry
    return [found[source, row] for source, row, _when in page_rows if (source, row) in found]
