"""Many writers on the body tree at once: processes creating bodies under random parents and
moving random bodies (under others, beside them, out to a tree of their own). Every tree write
takes the tree lock (partnerships/tree.py), so the nested set must come out whole and no write
may be lost, whatever the interleaving.

`run()` needs a configured Django on PostgreSQL (the lock is PostgreSQL's advisory lock; SQLite
serialises every writer anyway) with an empty schema.
"""

import random
import time
from collections import Counter

from django.core.exceptions import ValidationError

PROCESSES = 8


def churn(n, *, ops, tolerate=()):
    """`ops` random tree writes by writer `n`; returns {"created": [ids], "moved": k, "refused":
    k, "tolerated": k}. Instances are loaded before the lock is taken, as a form or an admin page
    loads them, so a writer often acts on positions another writer has shifted since."""
    from partnerships import services
    from partnerships.models import Body

    rng = random.Random(n)
    created, counts = [], Counter()
    for i in range(ops):
        try:
            ids = list(Body.objects.values_list("pk", flat=True))
            if rng.random() < 0.5:
                parent = Body.objects.get(pk=rng.choice(ids))
                body = services.create_body(name=f"Writer {n} body {i}", kind="task_group", parent=parent)
                created.append(body.pk)
            else:
                pair = rng.sample(ids, 2)
                loaded = Body.objects.in_bulk(pair)
                body, target = loaded[pair[0]], loaded[pair[1]]
                if rng.random() < 0.1:
                    services.move_body(body=body, target=None)
                else:
                    position = rng.choice(["first-child", "last-child", "left", "right"])
                    services.move_body(body=body, target=target, position=position)
                counts["moved"] += 1
        except ValidationError:
            counts["refused"] += 1  # a move into the body's own branch, refused as it should be
        except tolerate:
            counts["tolerated"] += 1
    return {"created": created, **counts}


def run(*, processes=PROCESSES, ops=60, bodies=300, seed=7, log=print):
    """Generate a partnership of `bodies` bodies, let `processes` writers make `ops` writes each
    at once, then check the tree. Returns (figures, problems): problems empty when it held."""
    from bench.generate import generate_partnership
    from partnerships.models import Body
    from partnerships.tree import tree_problems

    from .concurrency import run_in_processes

    generate_partnership(bodies=bodies, memberships=bodies, seed=seed)
    before = Body.objects.count()
    log(f"tree: {processes} processes x {ops} writes on {before} bodies")
    started = time.perf_counter()
    results = run_in_processes(lambda n: churn(n, ops=ops), processes)
    elapsed = time.perf_counter() - started
    created = sum(len(r["created"]) for r in results)
    after = Body.objects.count()
    problems = tree_problems()
    figures = {
        "processes": processes,
        "writes": processes * ops,
        "bodies created": created,
        "bodies moved": sum(r.get("moved", 0) for r in results),
        "moves refused (own branch)": sum(r.get("refused", 0) for r in results),
        "seconds": round(elapsed, 2),
        "writes/s": round(processes * ops / elapsed, 1),
        "bodies before/after": f"{before}/{after}",
        "tree problems": len(problems),
    }
    if after != before + created:
        problems = [f"{before + created - after} created bodies are missing"] + problems
    return figures, problems
