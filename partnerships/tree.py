"""The one gate for writes to the body tree.

django-mptt keeps no lock of its own, and its README warns that concurrent writes corrupt the
nested-set columns. Every tree write (create, move, delete, rebuild, import) runs inside
`tree_lock()`, which serialises them: a transaction-scoped advisory lock on PostgreSQL; on SQLite
the connection opens transactions IMMEDIATE, which takes the database write lock at BEGIN.
"""

from contextlib import contextmanager

from django.db import connections, router, transaction

# Any fixed 64-bit number; it names "the body tree" among the database's advisory locks.
BODY_TREE_LOCK_KEY = 0x5041_5254_5452_4545  # "PARTTREE"


@contextmanager
def tree_lock(using=None):
    """Hold the tree write lock for the rest of the surrounding transaction."""
    from .models import Body  # models imports this module

    alias = using or router.db_for_write(Body)
    with transaction.atomic(using=alias):
        connection = connections[alias]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [BODY_TREE_LOCK_KEY - 2**63])
        yield


TREE_FIELDS = ("lft", "rght", "tree_id", "level")


def refresh_tree_fields(*bodies):
    """Reload nested-set columns that another writer may have shifted since these were loaded."""
    for body in bodies:
        if body is not None and body.pk:
            body.refresh_from_db(fields=TREE_FIELDS)


def own_branch_error(body, target):
    """Why `body` cannot go under `target` (None when it can): a body may not be placed inside
    its own branch. Reads fresh positions, so call it with the tree lock held."""
    if target is None or body.pk is None:
        return None
    refresh_tree_fields(body, target)
    if target.pk == body.pk or target.is_descendant_of(body):
        return f"{body} cannot be placed under {target}: {target} is part of {body}'s own branch."
    return None


def tree_problems(queryset=None):
    """Every inconsistency between parent links and nested-set columns (empty when healthy)."""
    from .models import Body  # models imports this module

    rows = list(
        (queryset or Body.objects.all())
        .order_by("tree_id", "lft")
        .values_list("pk", "parent_id", "tree_id", "lft", "rght", "level")
    )
    children = {}
    roots = []
    for row in rows:
        (children.setdefault(row[1], []).append(row) if row[1] else roots.append(row))
    problems = []
    seen = set()

    def walk(row, expected_tree, expected_level, counter):
        pk, _parent, tree_id, lft, rght, level = row
        seen.add(pk)
        start = counter
        for child in children.get(pk, []):
            counter = walk(child, expected_tree, expected_level + 1, counter + 1)
        end = counter + 1
        if (tree_id, lft, rght, level) != (expected_tree, start, end, expected_level):
            problems.append(
                f"body {pk}: tree {tree_id} lft {lft} rght {rght} level {level}, expected "
                f"tree {expected_tree} lft {start} rght {end} level {expected_level}"
            )
        return end

    tree_ids = [root[2] for root in roots]
    if len(set(tree_ids)) != len(tree_ids):
        problems.append("two roots share a tree id")
    for root in roots:
        walk(root, root[2], 0, 1)
    orphans = {row[0] for row in rows} - seen
    if orphans:
        problems.append(f"bodies unreachable from any root: {sorted(orphans)}")
    return problems
