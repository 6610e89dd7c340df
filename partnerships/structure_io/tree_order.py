"""The tree's nested-set columns after an import, set in one pass."""

from collections import defaultdict

from django.db import connections, router

from ..models import Body


def arrange_tree(before, in_file):
    """Set every body's place so siblings in the file keep the file's order; a body not in the
    file stays after the sibling it followed (first if it followed none). `before` is
    [(pk, parent_id)] in tree order as it was before the import, `in_file` the file's bodies'
    ids in file order. This is django-mptt's `rebuild` (every column from the parent links, in
    one pass, under the tree lock the import holds) with the file's sibling order; it writes
    only the rows whose columns change. Returns the ids of existing bodies whose place among
    their existing siblings changed."""
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
    _write_positions({pk: place for pk, place in positions.items() if tuple(rows[pk][1:]) != place})

    reordered = set()
    for parent_id in {parent_of[pk] for pk in positions} | {None}:
        old = [pk for pk in old_children[parent_id] if parent_of[pk] == parent_id]
        stayed = set(old)
        new = [pk for pk in children(parent_id) if pk in stayed]
        for was, now in zip(old, new):
            if was != now:
                reordered.update((was, now))
    return reordered


def _write_positions(positions):
    """Write {pk: (tree_id, lft, rght, level)} as one prepared UPDATE run for every row:
    bulk_update's CASE expressions cost seconds for a few thousand bodies."""
    if not positions:
        return
    connection = connections[router.db_for_write(Body)]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(Body._meta.get_field(name).column)} = %s" for name in ("tree_id", "lft", "rght", "level"))
    sql = f"UPDATE {quote(Body._meta.db_table)} SET {columns} WHERE {quote(Body._meta.pk.column)} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*place, pk) for pk, place in positions.items()])
