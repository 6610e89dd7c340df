"""Exporting the structure as a structure file, in a stable order (bodies in tree order)."""

from collections import Counter, defaultdict

import yaml

from ..models import Body, BodyLink, LinkKind, Membership, Organisation, Person, Role
from ..placements import chain_up, parents_on
from .schema import MEMBERSHIP_KEY, StructureExportError, attname


def export_structure(on=None) -> dict:
    """The whole structure as a structure-file mapping, in a stable order (bodies in tree order).
    With `on`, the structure as it stood that day: the bodies standing then, each under its
    parent of that day, the seats held that day and the links between those bodies."""
    bodies = list(Body.objects.prefetch_related("successors"))  # the manager's tree order
    parent_of = {body.pk: body.parent_id for body in bodies}
    memberships = Membership.objects.select_related("body", "person", "organisation", "designated_deputy")
    if on is not None:
        parent_of = parents_on(on, current=parent_of)
        bodies = [body for body in bodies if body.exists_on(on)]
        memberships = memberships.active_on(on).filter(body__in=bodies)
    position = {body.pk: index for index, body in enumerate(bodies)}
    children = defaultdict(list)
    for body in bodies:
        # Under the nearest body standing that day (its own parent, unless the history has gaps).
        standing_above = [pk for pk in chain_up(parent_of, body.pk) if pk in position]
        children[standing_above[0] if standing_above else None].append(body)
    people = sorted(Person.objects.all(), key=lambda p: (p.name, p.pk))
    errors = [
        f"people: {count} people are named {name!r}; rename one so the file can tell them apart"
        for name, count in sorted(Counter(p.name for p in people).items()) if count > 1
    ]
    memberships = sorted(
        memberships,
        key=lambda m: (position[m.body_id], m.start, Role.values.index(m.role), m.person.name, m.seat, m.pk),
    )
    seen = set()
    for m in memberships:
        key = tuple(getattr(m, attname(k)) for k in MEMBERSHIP_KEY)
        if key in seen:
            errors.append(
                f"memberships: {m.person} is recorded twice as {m.role} of {m.body} from {m.start} "
                f"with seat {m.seat!r}; remove one so the file can tell them apart"
            )
        seen.add(key)
    if errors:
        raise StructureExportError(errors)
    links = sorted(
        (link for link in BodyLink.objects.select_related("from_body", "to_body")
         if link.from_body_id in position and link.to_body_id in position),
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
            "successors": [s.name for s in sorted(
                (s for s in body.successors.all() if s.pk in position), key=lambda s: position[s.pk])],
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
