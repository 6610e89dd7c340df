"""Reads for the structure pages. Each returns everything its page needs in a fixed number of
queries, whatever the size of the partnership."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from .body_page import sections_context
from .models import SEATED_ROLES, Body, BodyLink, Membership, Organisation, Person, Role, membership_active_q
from .placements import chain_up, children_of, parents_on
from .policy import body_policy


def parse_on_date(value):
    """The `?on=YYYY-MM-DD` date of a structure page: (date, error message or None)."""
    today = timezone.localdate()
    if not value:
        return today, None
    try:
        return datetime.date.fromisoformat(value.strip()), None
    except ValueError:
        return today, f"“{value}” is not a date in the form YYYY-MM-DD; showing today instead."


@dataclass
class ChartNode:
    body: Body
    children: list = field(default_factory=list)


def structure_chart(*, user, on):
    """The visible bodies that existed on `on`, nested as a forest as they stood that day, each
    annotated with its chair's name and its seated size that day. Three queries, whatever the
    number of bodies.

    A body whose parent is not shown (it did not exist that day, or the user may not see it)
    hangs from its nearest shown ancestor."""
    chair = Membership.objects.filter(body=OuterRef("pk"), role=Role.CHAIR).active_on(on)
    seated = Q(memberships__role__in=SEATED_ROLES) & membership_active_q(on, "memberships__")
    bodies = (
        body_policy.visible(user)
        .annotate(
            chair_name=Subquery(chair.order_by("start").values("person__name")[:1]),
            seated_count=Count("memberships", filter=seated),
        )
        .order_by("tree_id", "lft")
    )
    parent_of = parents_on(on)
    nodes = {body.pk: ChartNode(body) for body in bodies if body.exists_on(on)}
    roots = []
    for node in nodes.values():
        ancestor_id = parent_of.get(node.body.pk)
        while ancestor_id is not None and ancestor_id not in nodes:
            ancestor_id = parent_of.get(ancestor_id)
        (nodes[ancestor_id].children if ancestor_id is not None else roots).append(node)
    return roots


@dataclass
class ChartEntry:
    """One body of the chart in tree order, with the list markup around it: `opens` starts a
    nested list before it; `closes` ends that many nested lists after it."""

    body: Body
    opens: bool
    has_children: bool
    closes: list = field(default_factory=list)


def chart_entries(roots):
    """The nested chart as a flat list, so the page renders it in one loop rather than one
    template include per body (5,000 includes cost seconds)."""
    entries = []

    def walk(nodes, depth):
        for index, node in enumerate(nodes):
            entries.append(ChartEntry(node.body, opens=index == 0 and depth > 0, has_children=bool(node.children)))
            walk(node.children, depth + 1)
        if nodes and depth > 0:
            entries[-1].closes.append(depth)

    walk(roots, 0)
    return entries


def body_page(*, user, body, on):
    """Everything the body page shows as at `on`: seats, parent, children, links, history."""
    memberships = list(
        body.memberships.active_on(on)
        .select_related("person", "organisation", "designated_deputy")
        .order_by("role", "person__name")
    )
    role_order = {role: index for index, role in enumerate(Role.values)}
    memberships.sort(key=lambda m: (role_order[m.role], m.person.name))
    visible = body_policy.visible(user)
    parents = parents_on(on)
    children = list(visible.filter(pk__in=children_of(parents, body.pk)).standing_on(on).order_by("tree_id", "lft"))
    above = chain_up(parents, body.pk)
    ancestors = sorted(visible.filter(pk__in=above), key=lambda a: -above.index(a.pk)) if above else []
    links = BodyLink.objects.select_related("from_body", "to_body").filter(
        Q(from_body=body, to_body__in=visible) | Q(to_body=body, from_body__in=visible)
    )
    return {
        "memberships": memberships,
        "seated_count": sum(1 for m in memberships if m.role in SEATED_ROLES),
        "ancestors": ancestors,
        "children": children,
        "links_out": [link for link in links if link.from_body_id == body.pk],
        "links_in": [link for link in links if link.to_body_id == body.pk],
        "predecessors": list(body.predecessors.filter(pk__in=visible.values("pk"))),
        "successors": list(body.successors.filter(pk__in=visible.values("pk"))),
        "deputy_coverage": _deputy_coverage(memberships),
        **sections_context(user=user, body=body),
    }


def _deputy_coverage(memberships):
    seated = [m for m in memberships if m.role in SEATED_ROLES]
    if not seated:
        return None
    return {"with_deputy": sum(1 for m in seated if m.designated_deputy_id), "seated": len(seated)}


def organisation_seats(*, user, organisation, on):
    """The organisation's seats across the visible structure on `on`, in tree order."""
    return list(
        organisation.memberships.active_on(on)
        .filter(body__in=body_policy.visible(user))
        .select_related("body", "person", "designated_deputy")
        .order_by("body__tree_id", "body__lft", "role")
    )


def organisation_list(*, user, on):
    """All organisations with the number of seats they hold in visible bodies on `on`."""
    held = membership_active_q(on, "memberships__") & Q(memberships__body__in=body_policy.visible(user))
    return Organisation.objects.annotate(seat_count=Count("memberships", filter=held)).order_by(
        "sector", "name"
    )


def organisation_get_or_404(slug):
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def person_get_or_404(slug):
    """A person for the staff pages (which are staff-only), with their login."""
    person = Person.objects.select_related("user").filter(slug=slug).first()
    if person is None:
        raise Http404("No such person.")
    return person


def people_list():
    """Everyone, with their login and the number of seats they hold today: two queries."""
    today = timezone.localdate()
    return Person.objects.select_related("user").annotate(
        seat_count=Count("memberships", filter=membership_active_q(today, "memberships__"))
    ).order_by("name")
