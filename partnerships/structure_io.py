"""The structure file: organisations, people, bodies, memberships and links as YAML.

The format is documented in docs/formats.md ("Structure file (YAML)"). Import reads the whole
file and reports every problem with its location before anything is kept; rows are matched by
name, so importing the same file twice changes nothing, and export then import round-trips.
"""

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from .models import (
    Body, BodyKind, BodyLink, CouncilTier, Layer, LinkKind, Membership, Organisation, Person, Role,
    Sector,
)
from .services import _save, add_link, add_membership, save_organisation, save_person, update_membership
from .tree import tree_lock

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


# Reading the file ---------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """Safe YAML that reports repeated keys, and leaves impossible dates (2010-13-01) as text
    for the importer to report with their location, instead of failing mid-parse."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"duplicate key {key_node.value!r}", key_node.start_mark
                        )
                    seen.add(key_node.value)
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def load_structure_file(path_or_stream):
    """Parse a structure file (a path or an open file); YAML problems are reported by line."""
    try:
        if hasattr(path_or_stream, "read"):
            return _load(path_or_stream)
        with open(path_or_stream, "rb") as stream:
            return _load(stream)
    except OSError as error:
        raise StructureImportError([f"{path_or_stream}: {error.strerror or error}"]) from error


def _load(stream):
    loader = None
    try:
        loader = _Loader(stream)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        raise StructureImportError([f"{where}: not valid YAML: {error.problem or error.context}"]) from error
    except yaml.reader.ReaderError as error:
        raise StructureImportError([f"byte {error.position}: not valid YAML: {error.reason}"]) from error
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        raise StructureImportError([f"file: not valid YAML: {' '.join(str(error).split())}"]) from error
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise StructureImportError(["line 1: the file is empty"])
    if not isinstance(data, dict):
        raise StructureImportError(
            [f"line {node.start_mark.line + 1}: {_top_level_problem(data)}"]
        )
    return data


def _top_level_problem(data):
    return f"expected a mapping with the keys {', '.join(SECTIONS)}; got {_describe(data)}"


class _Invalid(Exception):
    """A value's problem, to be reported at its key's location."""


def _describe(value):
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def _text(value):
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _Invalid(f"expected text, got {_describe(value)}")
    if isinstance(value, str) and "\x00" in value:
        raise _Invalid("must not contain a NUL character")  # PostgreSQL cannot store one
    return str(value)


def _word(choices, what):
    def parse(value):
        if not isinstance(value, str) or value not in choices.values:
            raise _Invalid(f"unknown {what} {_describe(value)}")
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
    raise _Invalid(f"{_describe(value)} is not a date (YYYY-MM-DD)")


def _count(value):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 32767:
        raise _Invalid(f"expected a whole number from 0 to 32767, got {_describe(value)}")
    return value


def _flag(value):
    if not isinstance(value, bool):
        raise _Invalid(f"expected true or false, got {_describe(value)}")
    return value


def _roles(value):
    lines = [value] if isinstance(value, str) else value
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        raise _Invalid(f"expected a list of roles or text, got {_describe(value)}")
    # Body.role_list is the one reading of the stored text, whichever way it was written.
    return Body(roles="\n".join(lines)).role_list


def _names(value):
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list):
        raise _Invalid(f"expected a list of body names, got {_describe(value)}")
    return [_text(name) for name in names]


def _children(value):
    if not isinstance(value, list):
        raise _Invalid(f"expected a list of bodies, got {_describe(value)}")
    return value


REQUIRED = object()


def _absent(default):
    # A required key that is missing or wrong is already an error; the checks across items
    # then see it as absent (the sentinel compared with a date was a crash, found by fuzzing).
    return None if default is REQUIRED else default

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


@dataclass
class _Item:
    loc: str
    seq: int
    values: dict
    ok: bool = True
    parent: str | None = None  # bodies: the name of the body it is nested in


# Importing ----------------------------------------------------------------------------------


def import_structure(data, *, dry_run=False) -> ImportResult:
    """Check a parsed structure file and, only if it has no errors, apply it in one transaction.

    Raises StructureImportError listing every problem; with `dry_run` nothing is kept."""
    importer = _Importer()
    with tree_lock():
        importer.read(data)
        if importer.sections:
            importer.check_references()
            importer.apply()
        if importer.errors:
            raise StructureImportError(importer.messages())
        importer.result.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return importer.result


class _Importer:
    def __init__(self):
        self.errors = []  # (seq of the item, message)
        self.seq = 0
        self.sections = {}
        self.status = {}  # item seq -> "created" / "updated" / "unchanged"
        self.result = ImportResult()

    def error(self, item_or_seq, loc, message):
        if isinstance(item_or_seq, _Item):
            item_or_seq.ok = False
            item_or_seq = item_or_seq.seq
        self.errors.append((item_or_seq, f"{loc}: {message}"))

    def messages(self):
        return [message for _, message in sorted(self.errors, key=lambda error: error[0])]

    # Shapes, types and vocabulary: one item at a time.

    def read(self, data):
        if not isinstance(data, dict):
            self.error(0, "top level", _top_level_problem(data))
            return
        for key in data:
            if key not in SECTIONS:
                self.error(0, key, "unknown key")
        for section in SECTIONS:
            self.sections[section] = []
            self._read_list(section, data.get(section), section)

    def _read_list(self, section, raw_items, loc, parent=None):
        if raw_items is None:
            return
        if not isinstance(raw_items, list):
            self.error(self.seq, loc, f"expected a list, got {_describe(raw_items)}")
            return
        for index, raw in enumerate(raw_items):
            item = self._read_item(raw, f"{loc}[{index}]", SCHEMAS[section])
            if item is None:
                continue
            item.parent = parent
            self.sections[section].append(item)
            if section == "bodies":
                self._read_list(
                    section, item.values.pop("children"), f"{item.loc}.children", item.values.get("name")
                )

    def _read_item(self, raw, loc, schema):
        self.seq += 1
        if not isinstance(raw, dict):
            self.error(self.seq, loc, f"expected a mapping, got {_describe(raw)}")
            return None
        item = _Item(loc, self.seq, {})
        for key in raw:
            if key not in schema:
                self.error(item, f"{loc}.{key}", "unknown key")
        for key, (parse, default) in schema.items():
            value = raw.get(key)
            if value is None or value == "":
                if default is REQUIRED:
                    problem = "must not be empty" if key in raw else "missing required key"
                    self.error(item, f"{loc}.{key}", problem)
                item.values[key] = _absent(default)
                continue
            try:
                item.values[key] = parse(value)
            except _Invalid as problem:
                self.error(item, f"{loc}.{key}", problem)
                item.values[key] = _absent(default)
        return item

    # Rules across items, and names that must be in the file or the database.

    def check_references(self):
        self.defined = {s: self._defined(self.sections[s]) for s in ("organisations", "people", "bodies")}
        self._look_up_existing()
        for item in self.sections["people"]:
            self._check_unambiguous(item, f"{item.loc}.name", item.values["name"])
        for section, keys in REFERENCES.items():
            for item in self.sections[section]:
                for key, target in keys:
                    self._check_known(item, target, item.values[key], f"{item.loc}.{key}")
        self._check_bodies()
        self._check_memberships()
        self._check_links()

    def _look_up_existing(self):
        wanted = {section: set(names) for section, names in self.defined.items()}
        for section, keys in REFERENCES.items():
            for item in self.sections[section]:
                for key, target in keys:
                    wanted[target].add(item.values[key])
        for item in self.sections["bodies"]:
            wanted["bodies"].update(item.values["successors"])
        self.people_named = defaultdict(list)
        for person in Person.objects.filter(name__in=wanted["people"] - {None}).order_by("pk"):
            self.people_named[person.name].append(person)
        self.existing = {
            "organisations": Organisation.objects.in_bulk(
                wanted["organisations"] - {None}, field_name="name"
            ),
            "bodies": Body.objects.in_bulk(wanted["bodies"] - {None}, field_name="name"),
            "people": {name: found[0] for name, found in self.people_named.items()},
        }

    def _check_bodies(self):
        for item in self.sections["bodies"]:
            values, loc = item.values, item.loc
            for index, name in enumerate(values["successors"]):
                if name == values["name"]:
                    self.error(item, f"{loc}.successors[{index}]", "a body cannot succeed itself")
                else:
                    self._check_known(item, "bodies", name, f"{loc}.successors[{index}]")
            established, dissolved = values["established"], values["dissolved"]
            if established and dissolved and dissolved <= established:
                self.error(item, f"{loc}.dissolved", f"{dissolved} is not after established {established}")
            size_min, size_max = values["size_min"], values["size_max"]
            if size_min is not None and size_max is not None and size_max < size_min:
                self.error(item, f"{loc}.size_max", f"{size_max} is below size_min {size_min}")

    def _check_memberships(self):
        seen = {}
        for item in self.sections["memberships"]:
            values, loc = item.values, item.loc
            if values["start"] and values["end"] and values["end"] < values["start"]:
                self.error(item, f"{loc}.end", f"{values['end']} is before start {values['start']}")
            if values["deputy"] and values["deputy"] == values["person"]:
                self.error(item, f"{loc}.deputy", f"{values['deputy']!r} cannot be their own deputy")
            key = tuple(values[k] for k in MEMBERSHIP_KEY)
            self._check_once(item, seen, key, "the same body, person, role, seat and start")

    def _check_links(self):
        seen = {}
        for item in self.sections["links"]:
            values = item.values
            if values["from"] and values["from"] == values["to"]:
                self.error(item, f"{item.loc}.to", "a body cannot be linked to itself")
            key = (values["from"], values["to"], values["kind"])
            self._check_once(item, seen, key, "the same from, to and kind")

    def _defined(self, items):
        names = {}
        for item in items:
            name = item.values["name"]
            if name in names:
                self.error(item, f"{item.loc}.name", f"duplicate name {name!r}")
            elif name is not None:
                names[name] = item
        return names

    def _check_once(self, item, seen, key, what):
        if item.ok and key in seen:
            self.error(item, item.loc, f"{what} as {seen[key].loc}")
        seen.setdefault(key, item)

    def _check_known(self, item, section, name, loc):
        if name is None or name in self.defined[section]:
            return
        if name not in self.existing[section]:
            self.error(item, loc, f"unknown {NOUNS[section][0]} {name!r}")
        elif section == "people":
            self._check_unambiguous(item, loc, name)

    def _check_unambiguous(self, item, loc, name):
        if len(self.people_named.get(name, ())) > 1:
            self.error(
                item, loc,
                f"{len(self.people_named[name])} people in the database are named {name!r}; "
                "rename one so the file can tell them apart",
            )

    def _find(self, section, name):
        """The row a name refers to now: saved from the file, or already in the database."""
        if name is None:
            return None
        if name in self.defined[section]:
            return self.saved[section].get(name)
        return self.existing[section].get(name)

    # Writing: the model rules (full_clean, through the services) check what the reading could
    # not, such as seats held twice; the caller rolls everything back if any error was found.

    def apply(self):
        self.saved = {"organisations": {}, "people": {}, "bodies": {}}
        for item in self.sections["organisations"]:
            if item.ok:
                values = item.values
                self._upsert(item, "organisations", self.existing["organisations"].get(values["name"]),
                             {k: values[k] for k in ("name", "sector", "tier")}, save_organisation)
        for item in self.sections["people"]:
            if item.ok:
                values = item.values
                self._upsert(item, "people", self.existing["people"].get(values["name"]),
                             {"name": values["name"], "email": values["email"]}, save_person)
        self._apply_bodies()
        self._apply_memberships()
        self._apply_links()
        for section, items in self.sections.items():
            for item in items:
                if item.seq in self.status:
                    getattr(self.result, self.status[item.seq])[section] += 1

    def _upsert(self, item, section, instance, values, save):
        if instance is None:
            changes, verb = values, "created"
        else:
            changes = {key: value for key, value in values.items() if getattr(instance, key) != value}
            verb = "updated" if changes else "unchanged"
        try:
            saved = save(instance, **changes) if changes else instance
        except ValidationError as error:
            self._model_errors(item, error)
            return None
        self.status[item.seq] = verb
        if section in self.saved:
            self.saved[section][values["name"]] = saved
        return saved

    def _model_errors(self, item, error):
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.error(item, item.loc, message)
            return
        for model_field, messages in error.message_dict.items():
            key = FILE_KEYS.get(model_field, model_field)
            loc = item.loc if model_field == NON_FIELD_ERRORS else f"{item.loc}.{key}"
            for message in messages:
                self.error(item, loc, message)

    def _apply_bodies(self):
        before = list(Body.objects.values_list("pk", "parent_id"))  # in tree order
        fields = ("kind", "layer", "purpose", "size_min", "size_max", "meets_every_months",
                  "established", "dissolved", "public")
        # Bodies are written as plain rows and the tree's columns are set once at the end,
        # rather than asking mptt to make room for each body in turn.
        with Body.objects.disable_mptt_updates():
            for item in self.sections["bodies"]:
                parent = self._find("bodies", item.parent)
                if not item.ok or (item.parent is not None and parent is None):
                    continue  # its own problem, or its parent's, is already reported
                values = item.values
                body = self.existing["bodies"].get(values["name"])
                row = {"name": values["name"], "parent_id": parent.pk if parent else None,
                       "roles": "\n".join(values["roles"]), **{k: values[k] for k in fields}}
                if body is not None and body.role_list == values["roles"]:
                    row["roles"] = body.roles  # the same roles, however the text was laid out
                self._upsert(item, "bodies", body, row, _save_body)
            for item in self.sections["bodies"]:
                body = self.saved["bodies"].get(item.values["name"]) if item.ok else None
                successors = [self._find("bodies", name) for name in item.values["successors"]]
                if body is None or None in successors:
                    continue
                if set(body.successors.values_list("pk", flat=True)) != {s.pk for s in successors}:
                    body.successors.set(successors)
                    self._mark_updated(item)
        if not self.errors and self._arrange_tree(before):
            Body.objects.rebuild()

    def _mark_updated(self, item):
        if self.status.get(item.seq) == "unchanged":
            self.status[item.seq] = "updated"

    def _arrange_tree(self, before):
        """Set the nested-set columns so siblings in the file keep the file's order; a body not
        in the file stays after the sibling it followed (first if it followed none). Returns
        whether any body's place changed."""
        in_file = [self.saved["bodies"][item.values["name"]].pk for item in self.sections["bodies"]]
        columns = ("pk", "parent_id", "tree_id", "lft", "rght", "level")
        rows = {pk: rest for pk, *rest in Body.objects.values_list(*columns)}
        parent_of = {pk: rest[0] for pk, rest in rows.items()}
        old_children = defaultdict(list)
        for pk, parent_id in before:
            old_children[parent_id].append(pk)
        file_children = defaultdict(list)
        for pk in in_file:
            file_children[parent_of[pk]].append(pk)
        file_bodies = set(in_file)

        def children(parent_id):
            following = defaultdict(list)
            anchor = None
            for pk in old_children[parent_id]:
                if pk not in file_bodies:
                    following[anchor].append(pk)
                elif parent_of[pk] == parent_id:
                    anchor = pk
            return following[None] + [pk for f in file_children[parent_id] for pk in (f, *following[f])]

        positions = {}

        def place(pk, tree_id, left, level):
            right = left + 1
            for child in children(pk):
                right = place(child, tree_id, right, level + 1) + 1
            positions[pk] = (tree_id, left, right, level)
            return right

        for tree_id, root in enumerate(children(None), start=1):
            place(root, tree_id, 1, 0)
        moved = [
            Body(pk=pk, tree_id=t, lft=l, rght=r, level=v)
            for pk, (t, l, r, v) in positions.items() if tuple(rows[pk][1:]) != (t, l, r, v)
        ]
        Body.objects.bulk_update(moved, ["tree_id", "lft", "rght", "level"])

        # An existing body whose place among its existing siblings changed has been updated.
        item_of = {self.saved["bodies"][item.values["name"]].pk: item for item in self.sections["bodies"]}
        for parent_id in {parent_of[pk] for pk in positions} | {None}:
            old = [pk for pk in old_children[parent_id] if parent_of[pk] == parent_id]
            stayed = set(old)
            new = [pk for pk in children(parent_id) if pk in stayed]
            for was, now in zip(old, new):
                if was != now:
                    for pk in (was, now):
                        if pk in item_of:
                            self._mark_updated(item_of[pk])
        return bool(moved)

    def _apply_memberships(self):
        resolved = []
        for item in self.sections["memberships"]:
            names = [item.values[key] for key, _ in REFERENCES["memberships"]]
            rows = [self._find(target, item.values[key]) for key, target in REFERENCES["memberships"]]
            if item.ok and all(row is not None for row, name in zip(rows, names) if name is not None):
                resolved.append((item, *rows))
        existing = {}
        for membership in Membership.objects.filter(
            body__in={r[1] for r in resolved}, person__in={r[2] for r in resolved}
        ).order_by("-pk"):
            existing[tuple(getattr(membership, _attname(k)) for k in MEMBERSHIP_KEY)] = membership
        writes = []
        for item, body, person, organisation, deputy in resolved:
            values = {**item.values, "body": body.pk, "person": person.pk}
            membership = existing.get(tuple(values[k] for k in MEMBERSHIP_KEY))
            row = {"organisation_id": organisation.pk if organisation else None, "voting": values["voting"],
                   "end": values["end"], "designated_deputy_id": deputy.pk if deputy else None}
            if membership is None:
                row.update({_attname(k): values[k] for k in MEMBERSHIP_KEY})
            writes.append((item, membership, row))

        # Shortened seats first, then lengthened ones, then new ones: each is then checked
        # against the others as they will finally be, never against a seat about to shrink.
        def order(write):
            _, membership, row = write
            if membership is None:
                return 2
            return int(membership.end is not None and (row["end"] is None or row["end"] > membership.end))

        for item, membership, row in sorted(writes, key=order):
            self._upsert(item, "memberships", membership, row, _save_membership)

    def _apply_links(self):
        resolved = []
        for item in self.sections["links"]:
            ends = (self._find("bodies", item.values["from"]), self._find("bodies", item.values["to"]))
            if item.ok and None not in ends:
                resolved.append((item, *ends))
        existing = {
            (link.from_body_id, link.to_body_id, link.kind): link
            for link in BodyLink.objects.filter(from_body__in={r[1] for r in resolved})
            .select_related("from_body", "to_body")
        }
        for item, from_body, to_body in resolved:
            kind = item.values["kind"]
            link = existing.get((from_body.pk, to_body.pk, kind))
            fields = {"from_body": from_body, "to_body": to_body, "kind": kind}
            self._upsert(item, "links", link, fields, _save_link)


def _attname(key):
    """The model attribute holding a membership-key value (ids for the body and person)."""
    return f"{key}_id" if key in ("body", "person") else key


def _save_body(body=None, **fields):
    body = body or Body()
    for name, value in fields.items():
        setattr(body, name, value)
    return _save(body)


def _save_membership(membership=None, **fields):
    return update_membership(membership, **fields) if membership else add_membership(**fields)


def _save_link(link=None, **fields):
    # A link has nothing but its key, so a matching link never needs saving.
    return add_link(**fields)


# Exporting ----------------------------------------------------------------------------------


def export_structure() -> dict:
    """The whole structure as a structure-file mapping, in a stable order (bodies in tree order)."""
    bodies = list(Body.objects.prefetch_related("successors"))  # the manager's tree order
    position = {body.pk: index for index, body in enumerate(bodies)}
    children = defaultdict(list)
    for body in bodies:
        children[body.parent_id].append(body)
    people = sorted(Person.objects.all(), key=lambda p: (p.name, p.pk))
    errors = [
        f"people: {count} people are named {name!r}; rename one so the file can tell them apart"
        for name, count in sorted(Counter(p.name for p in people).items()) if count > 1
    ]
    memberships = sorted(
        Membership.objects.select_related("body", "person", "organisation", "designated_deputy"),
        key=lambda m: (position[m.body_id], m.start, Role.values.index(m.role), m.person.name, m.seat, m.pk),
    )
    seen = set()
    for m in memberships:
        key = tuple(getattr(m, _attname(k)) for k in MEMBERSHIP_KEY)
        if key in seen:
            errors.append(
                f"memberships: {m.person} is recorded twice as {m.role} of {m.body} from {m.start} "
                f"with seat {m.seat!r}; remove one so the file can tell them apart"
            )
        seen.add(key)
    if errors:
        raise StructureExportError(errors)
    links = sorted(
        BodyLink.objects.select_related("from_body", "to_body"),
        key=lambda link: (
            position[link.from_body_id], LinkKind.values.index(link.kind), position[link.to_body_id]
        ),
    )

    def body_entry(body):
        entry = {
            "name": body.name, "kind": body.kind, "layer": body.layer, "purpose": body.purpose,
            "roles": body.role_list, "size_min": body.size_min, "size_max": body.size_max,
            "meets_every_months": body.meets_every_months, "established": _iso(body.established),
            "dissolved": _iso(body.dissolved), "public": body.public,
            "successors": [s.name for s in sorted(body.successors.all(), key=lambda s: position[s.pk])],
            "children": [body_entry(child) for child in children[body.pk]],
        }
        return {key: value for key, value in entry.items()
                if value is not None and (key not in ("successors", "children") or value)}

    return {
        "organisations": [
            _compact({"name": o.name, "sector": o.sector, "tier": o.tier})
            for o in sorted(Organisation.objects.all(), key=lambda o: o.name)
        ],
        "people": [_compact({"name": p.name, "email": p.email}) for p in people],
        "bodies": [body_entry(root) for root in children[None]],
        "memberships": [
            _compact({
                "body": m.body.name, "person": m.person.name,
                "organisation": m.organisation.name if m.organisation else None,
                "role": m.role, "seat": m.seat, "voting": m.voting, "start": _iso(m.start),
                "end": _iso(m.end), "deputy": m.designated_deputy.name if m.designated_deputy else None,
            })
            for m in memberships
        ],
        "links": [
            {"from": link.from_body.name, "to": link.to_body.name, "kind": link.kind} for link in links
        ],
    }


def _iso(date):
    return date.isoformat() if date else None


def _compact(mapping):
    return {key: value for key, value in mapping.items() if value not in (None, "")}


class _Dumper(yaml.SafeDumper):
    pass


def _represent_text(dumper, text):
    # Multi-line text (a body's purpose) reads best as a literal block.
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_Dumper.add_representer(str, _represent_text)


def dump_structure(data) -> str:
    """The structure file's text for `export_structure()`'s mapping."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False)
