"""Reads of the dated position history (BodyPlacement): which body sat under which on a day.

The mptt tree holds today's structure. Placement rows record every position with its dates; a
body without any row (written by a path that predates them, such as the benchmark generator)
has always sat under its current parent."""

from .models import Body, BodyPlacement


def parents_on(on, *, current=None):
    """{body id: parent id (None at the top)} for every body as the tree stood on `on`. Two
    queries, or one when `current` (today's {id: parent id}) is given."""
    parents = dict(current) if current is not None else dict(Body.objects.values_list("pk", "parent_id"))
    parents.update(BodyPlacement.objects.on(on).values_list("body_id", "parent_id"))
    return parents


def chain_up(parents, pk):
    """The ids above `pk` in `parents`, nearest first; stops at a loop rather than spinning."""
    chain, seen = [], {pk}
    parent = parents.get(pk)
    while parent is not None and parent not in seen:
        chain.append(parent)
        seen.add(parent)
        parent = parents.get(parent)
    return chain


def children_of(parents, pk):
    return [child for child, parent in parents.items() if parent == pk]
