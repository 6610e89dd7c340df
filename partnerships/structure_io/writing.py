"""Writing a checked structure file, section by section, in bulk.

Each section costs a fixed number of queries whatever its size: the rows it may match are read
at once, every new or changed row is checked in memory by the model's field rules and the
seat rule (the same rules full_clean applies one row at a time), then the rows are written
with bulk_create / bulk_update. The tree's nested-set columns are set once at the end.
Memberships keep their audit trail: their history rows are written in bulk alongside them.
"""

import datetime
from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import Body, BodyLink, Membership, Organisation, Person
from ..services import record_places, slug_candidates
from .checking import FileCheck
from .schema import FILE_KEYS, MEMBERSHIP_KEY, REFERENCES, ImportResult, attname
from .tree_order import arrange_tree

BATCH = 500
BODY_FIELDS = ("kind", "layer", "purpose", "size_min", "size_max", "meets_every_months", "established",
               "dissolved", "public")


class StructureWriter(FileCheck):
    def __init__(self):
        super().__init__()
        self.status = {}  # item seq -> "created" / "updated" / "unchanged"
        self.result = ImportResult()
        self._slugs = {}
        self.dissolved_here = {}  # body name -> its item: bodies this import dissolves

    def apply(self):
        self.saved = {"organisations": {}, "people": {}, "bodies": {}}
        self._apply_named("organisations", Organisation, ("name", "sector", "tier"))
        self._apply_named("people", Person, ("name", "email"))
        self._apply_bodies()
        self._apply_memberships()
        self._end_seats_of_dissolved_bodies()
        self._apply_links()
        for section, items in self.sections.items():
            for item in items:
                if item.seq in self.status:
                    getattr(self.result, self.status[item.seq])[section] += 1

    def _find(self, section, name):
        """The row a name refers to now: saved from the file, or already in the database."""
        if name is None:
            return None
        if name in self.defined[section]:
            return self.saved[section].get(name)
        return self.existing[section].get(name)

    # One row at a time, in memory.

    def _prepare(self, item, model, instance, values, check=None):
        """The row as the file wants it, checked; (row, changed field names), or None when the
        change breaks a model rule (reported at the item). `check` adds rules across rows."""
        if instance is None:
            instance, changes, verb = model(**values), list(values), "created"
        else:
            changes = [key for key, value in values.items() if getattr(instance, key) != value]
            verb = "updated" if changes else "unchanged"
            for key in changes:
                setattr(instance, key, values[key])
        if changes:
            try:
                self._validate(instance)
                if check:
                    check(instance)
            except ValidationError as error:
                self._model_errors(item, error)
                return None
        self.status[item.seq] = verb
        return instance, changes

    def _validate(self, instance):
        """full_clean's field rules, and a unique slug for a new row. Relations are left out
        (they point at rows this import found or wrote); names are unique because rows are
        matched by name; the constraints are rules the file check has already applied."""
        if hasattr(instance, "slug") and not instance.slug:
            model = type(instance)
            if model not in self._slugs:
                self._slugs[model] = set(model.objects.values_list("slug", flat=True))
            taken = self._slugs[model]
            instance.slug = next(slug for slug in slug_candidates(model, str(instance)) if slug not in taken)
            taken.add(instance.slug)
        instance.clean_fields(exclude=[f.name for f in instance._meta.concrete_fields if f.is_relation])

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

    def _mark_updated(self, item):
        if self.status.get(item.seq) == "unchanged":
            self.status[item.seq] = "updated"

    # Sections.

    def _write(self, model, prepared, *, history=False):
        """bulk_create the new rows and bulk_update the changed ones (only the changed columns)."""
        new = [row for row, changes in prepared if row.pk is None]
        changed = [(row, changes) for row, changes in prepared if row.pk is not None and changes]
        fields = sorted({key for _, changes in changed for key in changes})
        # Updates first: a seat shortened makes room for the one that follows it (PostgreSQL
        # holds "one holder a seat at a time" as an exclusion constraint, checked row by row).
        if history:
            if changed:
                bulk_update_with_history([row for row, _ in changed], model, fields, batch_size=BATCH)
            bulk_create_with_history(new, model, batch_size=BATCH)
        else:
            if changed:
                model.objects.bulk_update([row for row, _ in changed], fields, batch_size=BATCH)
            model.objects.bulk_create(new, batch_size=BATCH)

    def _apply_named(self, section, model, keys):
        prepared = []
        for item in self.sections[section]:
            if not item.ok:
                continue
            values = {key: item.values[key] for key in keys}
            done = self._prepare(item, model, self.existing[section].get(values["name"]), values)
            if done:
                prepared.append(done)
                self.saved[section][values["name"]] = done[0]
        self._write(model, prepared)

    def _apply_bodies(self):
        before = list(Body.objects.values_list("pk", "parent_id"))  # in tree order
        # Level by level, so that every new body's parent has its id when the body is written.
        depth = {}
        levels = defaultdict(list)
        for item in self.sections["bodies"]:
            depth[item.values["name"]] = level = depth.get(item.parent, -1) + 1 if item.parent else 0
            levels[level].append(item)
        changed = []
        for level in sorted(levels):
            prepared = []
            for item in levels[level]:
                parent = self._find("bodies", item.parent)
                if not item.ok or (item.parent is not None and parent is None):
                    continue  # its own problem, or its parent's, is already reported
                values = item.values
                body = self.existing["bodies"].get(values["name"])
                row = {"name": values["name"], "parent_id": parent.pk if parent else None,
                       "roles": "\n".join(values["roles"]), **{k: values[k] for k in BODY_FIELDS}}
                if body is not None and body.role_list == values["roles"]:
                    row["roles"] = body.roles  # the same roles, however the text was laid out
                if body is None:
                    # Placeholders until arrange_tree sets every body's place at the end.
                    row.update(tree_id=0, lft=0, rght=0, level=0)
                done = self._prepare(item, Body, body, row)
                if done:
                    if "dissolved" in done[1] and done[0].dissolved:
                        self.dissolved_here[done[0].name] = item
                    self.saved["bodies"][values["name"]] = done[0]
                    (prepared if body is None else changed).append(done)
            self._write(Body, prepared)
        self._write(Body, changed)
        self._apply_successors()
        if not self.errors:
            in_file = [self.saved["bodies"][item.values["name"]].pk for item in self.sections["bodies"]]
            reordered = arrange_tree(before, in_file)
            for item, pk in zip(self.sections["bodies"], in_file):
                if pk in reordered:
                    self._mark_updated(item)
            record_places()

    def _apply_successors(self):
        through = Body.successors.through
        bodies = {}
        for item in self.sections["bodies"]:
            body = self.saved["bodies"].get(item.values["name"]) if item.ok else None
            successors = [self._find("bodies", name) for name in item.values["successors"]]
            if body is not None and None not in successors:
                bodies[body.pk] = (item, {successor.pk for successor in successors})
        current = defaultdict(dict)
        for pk, from_id, to_id in through.objects.filter(from_body_id__in=bodies).values_list(
            "pk", "from_body_id", "to_body_id"
        ):
            current[from_id][to_id] = pk
        removed, added = [], []
        for body_pk, (item, wanted) in bodies.items():
            have = current[body_pk]
            if set(have) != wanted:
                removed += [pk for to_id, pk in have.items() if to_id not in wanted]
                added += [through(from_body_id=body_pk, to_body_id=to_id) for to_id in wanted - set(have)]
                self._mark_updated(item)
        through.objects.filter(pk__in=removed).delete()
        through.objects.bulk_create(added, batch_size=BATCH)

    def _apply_memberships(self):
        resolved = []
        for item in self.sections["memberships"]:
            names = [item.values[key] for key, _ in REFERENCES["memberships"]]
            rows = [self._find(target, item.values[key]) for key, target in REFERENCES["memberships"]]
            if item.ok and all(row is not None for row, name in zip(rows, names) if name is not None):
                resolved.append((item, *rows))
        bodies = {body.pk for _, body, *_ in resolved}
        existing = {}
        for membership in Membership.objects.filter(
            body__in=bodies, person__in={r[2].pk for r in resolved}
        ).order_by("-pk"):
            existing[tuple(getattr(membership, attname(k)) for k in MEMBERSHIP_KEY)] = membership
        writes = []
        for item, body, person, organisation, deputy in resolved:
            values = {**item.values, "body": body.pk, "person": person.pk}
            membership = existing.get(tuple(values[k] for k in MEMBERSHIP_KEY))
            row = {"organisation_id": organisation.pk if organisation else None, "voting": values["voting"],
                   "end": values["end"], "designated_deputy_id": deputy.pk if deputy else None}
            if membership is None:
                row.update({attname(k): values[k] for k in MEMBERSHIP_KEY})
            if body.dissolved:
                start = membership.start if membership is not None else values["start"]
                if start >= body.dissolved:
                    self.error(item, f"{item.loc}.start", f"{body} is dissolved from {body.dissolved}: a seat on it must start before then")
                    continue
                row["end"] = _ended_by_dissolution(row["end"], body.dissolved)
            writes.append((item, membership, row, person))

        # The seats of these bodies as they stand, kept up to date as each write is accepted.
        seats = SeatHolders(Membership.objects.filter(body__in=bodies).exclude(seat="").select_related("person"))

        # Shortened seats first, then lengthened ones, then new ones: each is then checked
        # against the others as they will finally be, never against a seat about to shrink.
        def order(write):
            _, membership, row, _ = write
            if membership is None:
                return 2
            return int(membership.end is not None and (row["end"] is None or row["end"] > membership.end))

        prepared = defaultdict(list)  # written in that order too
        for item, membership, row, person in sorted(writes, key=order):
            before = seats.key(membership) if membership is not None else None
            done = self._prepare(item, Membership, membership, row, check=seats.check)
            if done:
                done[0].person = person
                if done[1]:
                    prepared[order((item, membership, row, person))].append(done)
                    seats.replace(before, done[0])
        for group in sorted(prepared):
            self._write(Membership, prepared[group], history=True)

    def _end_seats_of_dissolved_bodies(self):
        """Dissolving a body ends its seats the day before, whichever way it is dissolved
        (services.dissolve_body does the same): seats the file does not list are ended too."""
        if not self.dissolved_here:
            return
        bodies = {self.saved["bodies"][name].pk: item for name, item in self.dissolved_here.items()}
        ended = []
        for membership in Membership.objects.filter(body__in=bodies).select_related("body", "person"):
            dissolved = membership.body.dissolved
            if membership.start >= dissolved:
                self.error(bodies[membership.body_id], f"{bodies[membership.body_id].loc}.dissolved",
                           f"{membership.person} holds a seat on it from {membership.start}: dissolve it after that")
                continue
            end = _ended_by_dissolution(membership.end, dissolved)
            if end != membership.end:
                membership.end = end
                ended.append(membership)
        if ended and not self.errors:
            bulk_update_with_history(ended, Membership, ["end"], batch_size=BATCH)

    def _apply_links(self):
        resolved = []
        for item in self.sections["links"]:
            ends = (self._find("bodies", item.values["from"]), self._find("bodies", item.values["to"]))
            if item.ok and None not in ends:
                resolved.append((item, *ends))
        existing = {
            (link.from_body_id, link.to_body_id, link.kind): link
            for link in BodyLink.objects.filter(from_body__in={r[1].pk for r in resolved})
        }
        prepared = []
        for item, from_body, to_body in resolved:
            kind = item.values["kind"]
            link = existing.get((from_body.pk, to_body.pk, kind))
            # A link has nothing but its key, so a matching link is never changed.
            values = {"from_body_id": from_body.pk, "to_body_id": to_body.pk, "kind": kind}
            done = self._prepare(item, BodyLink, link, values)
            if done:
                prepared.append(done)
        self._write(BodyLink, prepared)


class SeatHolders:
    """Memberships holding named seats, by body and seat, to check the seat rule in memory."""

    def __init__(self, memberships):
        self.by_seat = defaultdict(dict)
        for membership in memberships:
            self.by_seat[self._seat(membership)][membership.pk] = membership

    @staticmethod
    def _seat(membership):
        return membership.body_id, membership.seat.upper()

    def key(self, membership):
        return (self._seat(membership), membership.pk)

    def check(self, membership):
        holders = [
            other for other in self.by_seat.get(self._seat(membership), {}).values()
            if other is not membership and membership.holds_seat_with(other)
        ]
        if holders:
            # The holder Membership.clean names: the first in the model's order.
            holder = min(holders, key=lambda other: (other.role, other.person.name))
            raise ValidationError({"seat": membership.seat_taken_error(holder)})

    def replace(self, before, membership):
        if before is not None:
            seat, pk = before
            self.by_seat[seat].pop(pk, None)
        if membership.seat:
            self.by_seat[self._seat(membership)][membership.pk or id(membership)] = membership


def _ended_by_dissolution(end, dissolved):
    """A seat's last day once its body is dissolved from `dissolved`: the day before, at the latest."""
    last_day = dissolved - datetime.timedelta(days=1)
    return last_day if end is None or end > last_day else end
