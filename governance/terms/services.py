"""Terms of reference and the constitution: drafting, approving, reviewing and comparing versions.

The life of a version (governance/terms/models.py): a draft is edited until approved on a date,
by a body or at a meeting; approving it supersedes the version in force in the same
transaction. Approved text never changes: a change is a new draft, numbered after the last
version and started from the text in force. A body has one draft of each kind at a time.
"""

import datetime
import difflib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from partnerships.models import Body

from .models import LIST_FIELDS, TEXT_FIELDS, TermsKind, TermsOfReference, TermsStatus

# Fields a draft's editor may change; the rest follow from approving it.
EDITABLE_FIELDS = frozenset({*TEXT_FIELDS, "kind", "change_note", "review_due"})


# Reads -----------------------------------------------------------------------------------------


def body_versions(body, *, include_drafts):
    """The body's versions, newest first; drafts only for those who see its private material."""
    versions = body.terms_of_reference.select_related("approved_by_body", "approved_at_meeting", "created_by")
    if not include_drafts:
        versions = versions.exclude(status=TermsStatus.DRAFT)
    return versions.order_by("-version")


def in_force(versions):
    """The approved version of each kind among `versions` (a list), constitution first."""
    approved = [v for v in versions if v.status == TermsStatus.APPROVED]
    return sorted(approved, key=lambda v: v.kind != TermsKind.CONSTITUTION)


def overdue_reviews(on=None):
    """Approved versions whose review date has passed, as one queryset."""
    on = on or timezone.localdate()
    return (
        TermsOfReference.objects.filter(status=TermsStatus.APPROVED, review_due__lt=on)
        .select_related("body")
        .order_by("review_due", "body__name")
    )


# Writes ----------------------------------------------------------------------------------------


def _locked(tor):
    """The version re-read under a row lock, so two editors cannot both act on a stale status."""
    return TermsOfReference.objects.select_for_update().select_related("body").get(pk=tor.pk)


def _save(tor, user=None):
    if user is not None:
        tor._history_user = user
    tor.full_clean()
    try:
        with transaction.atomic():
            tor.save()
    except IntegrityError:
        # Two drafts or approvals raced past full_clean: the database's constraints decided.
        raise ValidationError(
            f"{tor.body} changed its {tor.get_kind_display().lower()} at the same moment. Nothing was "
            "saved: reload the page and try again."
        ) from None
    return tor


def _immutable_error(tor):
    when = f" on {tor.approved_on:%-d %B %Y}" if tor.approved_on else ""
    return ValidationError(
        f"Version {tor.version} was approved{when} and its text cannot be changed. Start a new draft "
        "to propose changes.",
        code="immutable",
    )


def start_draft(body, *, user=None, from_version=None, kind=None, **fields):
    """A new draft for the body, numbered after its last version, with the text of `from_version`
    (default: the version in force of that kind; else the body's purpose and role list), changed
    by `fields` if given."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    kind = fields.pop("kind", None) or kind
    with transaction.atomic():
        Body.objects.select_for_update().filter(pk=body.pk).first()
        kind = kind or (from_version.kind if from_version else None)
        if kind is None:
            latest = body.terms_of_reference.exclude(status=TermsStatus.DRAFT).order_by("-version").first()
            kind = latest.kind if latest else TermsKind.TERMS
        existing = body.terms_of_reference.filter(kind=kind, status=TermsStatus.DRAFT).first()
        if existing:
            raise ValidationError(
                f"{body} already has a draft (version {existing.version}): edit that one.", code="draft_exists"
            )
        if from_version is not None and from_version.body_id != body.pk:
            raise ValidationError("A draft can only start from a version of the same body.")
        source = from_version or body.terms_of_reference.filter(kind=kind, status=TermsStatus.APPROVED).first()
        if source is not None:
            text = {name: getattr(source, name) for name in TEXT_FIELDS}
        else:
            text = {"concept": body.purpose, "primary_tasks": body.roles}
        last = body.terms_of_reference.aggregate(last=Max("version"))["last"] or 0
        draft = TermsOfReference(body=body, version=last + 1, kind=kind, created_by=user, **{**text, **fields})
        return _save(draft, user)


def save_draft(tor, *, user=None, **fields):
    """Change a draft's text; approved and superseded versions raise ValidationError."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = _locked(tor)
        if not current.is_draft:
            raise _immutable_error(current)
        for name, value in fields.items():
            setattr(current, name, value)
        _save(current, user)
    tor.refresh_from_db()
    return current


def approve(tor, *, on, by_body=None, at_meeting=None, review_due=None, user=None):
    """Approve a draft on the date `on`; the version in force of the same kind is superseded in
    the same transaction."""
    if on is None:
        raise ValidationError({"approved_on": "Give the date the version was approved."})
    if isinstance(on, datetime.datetime):
        on = on.date()
    if on > timezone.localdate():
        raise ValidationError({"approved_on": "The approval date is in the future: approve it on the day."})
    if at_meeting is not None:
        by_body = by_body or at_meeting.body
        if timezone.localdate(at_meeting.starts_at) != on:
            raise ValidationError({
                "approved_at_meeting": f"That meeting was on {timezone.localdate(at_meeting.starts_at):%-d %B %Y}, "
                f"not on the approval date {on:%-d %B %Y}."
            })
    with transaction.atomic():
        draft = _locked(tor)
        if not draft.is_draft:
            raise _immutable_error(draft)
        due = review_due if review_due is not None else draft.review_due
        if due is not None and due <= on:
            raise ValidationError({"review_due": "The review date must be after the approval date."})
        previous = (
            TermsOfReference.objects.select_for_update()
            .filter(body_id=draft.body_id, kind=draft.kind, status=TermsStatus.APPROVED)
            .first()
        )
        if previous and previous.approved_on and on < previous.approved_on:
            raise ValidationError({
                "approved_on": f"Version {previous.version} was approved on {previous.approved_on:%-d %B %Y}; "
                "a later version cannot be approved before it."
            })
        if previous:
            previous.status, previous.superseded_on = TermsStatus.SUPERSEDED, on
            _save(previous, user)
        draft.status, draft.approved_on = TermsStatus.APPROVED, on
        draft.approved_by_body, draft.approved_at_meeting = by_body, at_meeting
        if review_due is not None:
            draft.review_due = review_due
        _save(draft, user)
    tor.refresh_from_db()
    return draft


# Comparing versions ----------------------------------------------------------------------------


SAME, ADDED, REMOVED, CHANGED = "same", "added", "removed", "changed"
TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    kind: str  # SAME, ADDED or REMOVED
    text: str


@dataclass
class LineDiff:
    kind: str  # SAME, ADDED, REMOVED or CHANGED (a line edited in place: see its pieces)
    pieces: list


@dataclass
class FieldDiff:
    name: str
    label: str
    is_list: bool
    lines: list = field(default_factory=list)

    @property
    def changed(self):
        return any(line.kind != SAME for line in self.lines)


def _merge(pieces):
    merged = []
    for piece in pieces:
        if piece.text and merged and merged[-1].kind == piece.kind:
            merged[-1] = Piece(piece.kind, merged[-1].text + piece.text)
        elif piece.text:
            merged.append(piece)
    return merged


def word_diff(old, new):
    """Word-level pieces turning `old` into `new`."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece(SAME, "".join(a[i1:i2])))
        else:
            pieces.append(Piece(REMOVED, "".join(a[i1:i2])))
            pieces.append(Piece(ADDED, "".join(b[j1:j2])))
    return _merge(pieces)


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def line_diff(old, new):
    """Line-level diff of two one-entry-per-line texts; a line edited in place (more alike than
    not) is diffed word by word."""
    a, b = _lines(old), _lines(new)
    result = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            result += [LineDiff(SAME, [Piece(SAME, line)]) for line in a[i1:i2]]
            continue
        removed, added = a[i1:i2], b[j1:j2]
        paired = []
        for old_line, new_line in zip(removed, added):
            if difflib.SequenceMatcher(None, old_line, new_line, autojunk=False).ratio() < 0.5:
                break
            paired.append(LineDiff(CHANGED, word_diff(old_line, new_line)))
        count = len(paired)
        result += paired
        result += [LineDiff(REMOVED, [Piece(REMOVED, line)]) for line in removed[count:]]
        result += [LineDiff(ADDED, [Piece(ADDED, line)]) for line in added[count:]]
    return result


def diff_versions(a, b):
    """Per-field differences from version `a` to version `b`, as FieldDiffs in document order."""
    diffs = []
    for name in TEXT_FIELDS:
        old, new = getattr(a, name), getattr(b, name)
        label = TermsOfReference._meta.get_field(name).verbose_name.capitalize()
        if name in LIST_FIELDS:
            lines = line_diff(old, new)
        else:
            old, new = " ".join(old.split()), " ".join(new.split())
            lines = [LineDiff(SAME if old == new else CHANGED, word_diff(old, new))] if old or new else []
        diffs.append(FieldDiff(name=name, label=label, is_list=name in LIST_FIELDS, lines=lines))
    return diffs
