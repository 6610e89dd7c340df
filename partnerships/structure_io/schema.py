"""The structure file's vocabulary: its sections, each key's parser and default, the keys that
name rows of other sections, and the errors an import or export reports."""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from ..models import Body, BodyKind, CouncilTier, Layer, LinkKind, Role, Sector

SECTIONS = ("organisations", "people", "bodies", "memberships", "links")
NOUNS = {
    "organisations": ("organisation", "organisations"),
    "people": ("person", "people"),
    "bodies": ("body", "bodies"),
    "memberships": ("membership", "memberships"),
    "links": ("link", "links"),
}


class StructureFileError(ValidationError):
    """Problems with a structure file, each message starting with its location."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(self.errors)

    def __str__(self):
        return "\n".join(self.errors)


class StructureImportError(StructureFileError):
    pass


class StructureExportError(StructureFileError):
    pass


@dataclass
class ImportResult:
    """How many rows of each section (keys of SECTIONS) were created, updated or left alone."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    dry_run: bool = False

    @property
    def changed(self):
        return bool(+self.created or +self.updated)

    def summary(self):
        unchanged = sum(self.unchanged.values())
        if not self.changed:
            text = f"no changes; unchanged {unchanged}"
        else:
            text = (
                f"created {_counts(self.created)}; updated {_counts(self.updated)}; "
                f"unchanged {unchanged}"
            )
        return f"dry run, nothing written: {text}" if self.dry_run else text

    __str__ = summary


def _counts(counter):
    parts = [f"{n} {NOUNS[s][n != 1]}" for s in SECTIONS if (n := counter[s])]
    return ", ".join(parts) or "0"


def top_level_problem(data):
    return f"expected a mapping with the keys {', '.join(SECTIONS)}; got {describe(data)}"


class Invalid(Exception):
    """A value's problem, to be reported at its key's location."""


def describe(value):
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def _text(value):
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Invalid(f"expected text, got {describe(value)}")
    if isinstance(value, str) and "\x00" in value:
        raise Invalid("must not contain a NUL character")  # PostgreSQL cannot store one
    return str(value)


def _word(choices, what):
    def parse(value):
        if not isinstance(value, str) or value not in choices.values:
            raise Invalid(f"unknown {what} {describe(value)}")
        return value

    return parse


def _date(value):
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(f"{describe(value)} is not a date (YYYY-MM-DD)")


def _count(value):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 32767:
        raise Invalid(f"expected a whole number from 0 to 32767, got {describe(value)}")
    return value


def _flag(value):
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, got {describe(value)}")
    return value


def _roles(value):
    lines = [value] if isinstance(value, str) else value
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        raise Invalid(f"expected a list of roles or text, got {describe(value)}")
    # Body.role_list is the one reading of the stored text, whichever way it was written.
    return Body(roles="\n".join(lines)).role_list


def _names(value):
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list):
        raise Invalid(f"expected a list of body names, got {describe(value)}")
    return [_text(name) for name in names]


def _children(value):
    if not isinstance(value, list):
        raise Invalid(f"expected a list of bodies, got {describe(value)}")
    return value


REQUIRED = object()

# key: (parser, default when absent or empty; REQUIRED if it must be given)
SCHEMAS = {
    "organisations": {
        "name": (_text, REQUIRED),
        "sector": (_word(Sector, "sector"), REQUIRED),
        "tier": (_word(CouncilTier, "tier"), ""),
    },
    "people": {"name": (_text, REQUIRED), "email": (_text, "")},
    "bodies": {
        "name": (_text, REQUIRED),
        "kind": (_word(BodyKind, "kind"), REQUIRED),
        "layer": (_word(Layer, "layer"), ""),
        "purpose": (_text, ""),
        "roles": (_roles, []),
        "size_min": (_count, None),
        "size_max": (_count, None),
        "meets_every_months": (_count, None),
        "established": (_date, None),
        "dissolved": (_date, None),
        "public": (_flag, True),
        "successors": (_names, []),
        "children": (_children, []),
    },
    "memberships": {
        "body": (_text, REQUIRED),
        "person": (_text, REQUIRED),
        "organisation": (_text, None),
        "role": (_word(Role, "role"), Role.MEMBER.value),
        "seat": (_text, ""),
        "voting": (_flag, True),
        "start": (_date, REQUIRED),
        "end": (_date, None),
        "deputy": (_text, None),
    },
    "links": {
        "from": (_text, REQUIRED),
        "to": (_text, REQUIRED),
        "kind": (_word(LinkKind, "link kind"), REQUIRED),
    },
}

# Keys naming a row of another section, and that section.
REFERENCES = {
    "memberships": (
        ("body", "bodies"), ("person", "people"), ("organisation", "organisations"), ("deputy", "people")
    ),
    "links": (("from", "bodies"), ("to", "bodies")),
}
# What an import matches a membership by.
MEMBERSHIP_KEY = ("body", "person", "role", "seat", "start")

# Model fields whose key in the file has another name.
FILE_KEYS = {"designated_deputy": "deputy", "from_body": "from", "to_body": "to"}


def attname(key):
    """The model attribute holding a membership-key value (ids for the body and person)."""
    return f"{key}_id" if key in ("body", "person") else key
