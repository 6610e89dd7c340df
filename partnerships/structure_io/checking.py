"""Checking a structure file before anything is written: each item's shape, types and
vocabulary, then the rules across items and the names that must be in the file or the
database. Every problem is kept with its location and its place in the file."""

from collections import defaultdict
from dataclasses import dataclass

from ..models import Body, Organisation, Person
from .schema import (
    MEMBERSHIP_KEY,
    NOUNS,
    REFERENCES,
    REQUIRED,
    SCHEMAS,
    SECTIONS,
    Invalid,
    describe,
    top_level_problem,
)


def _absent(default):
    # A required key that is missing or wrong is already an error; the checks across items
    # then see it as absent (the sentinel compared with a date was a crash, found by fuzzing).
    return None if default is REQUIRED else default


@dataclass
class Item:
    loc: str
    seq: int
    values: dict
    ok: bool = True
    parent: str | None = None  # bodies: the name of the body it is nested in


class FileCheck:
    def __init__(self):
        self.errors = []  # (seq of the item, message)
        self.seq = 0
        self.sections = {}

    def error(self, item_or_seq, loc, message):
        if isinstance(item_or_seq, Item):
            item_or_seq.ok = False
            item_or_seq = item_or_seq.seq
        self.errors.append((item_or_seq, f"{loc}: {message}"))

    def messages(self):
        return [message for _, message in sorted(self.errors, key=lambda error: error[0])]

    # Shapes, types and vocabulary: one item at a time.

    def read(self, data):
        if not isinstance(data, dict):
            self.error(0, "top level", top_level_problem(data))
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
            self.error(self.seq, loc, f"expected a list, got {describe(raw_items)}")
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
            self.error(self.seq, loc, f"expected a mapping, got {describe(raw)}")
            return None
        item = Item(loc, self.seq, {})
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
            except Invalid as problem:
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
