"""Concurrent tree writes keep the nested set whole, because every write takes the tree lock
(partnerships/tree.py). django-mptt keeps no lock of its own: without ours, concurrent
writers shift lft/rght from stale positions and corrupt the tree.

The threaded tests need PostgreSQL: SQLite serialises every write transaction anyway
(IMMEDIATE), so threads there prove nothing about the lock.
"""

import random
import threading
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from bench.generate import generate_partnership
from partnerships import services
from partnerships.models import Body
from partnerships.tree import tree_problems

THREADS = 8
OPS_PER_THREAD = 10


def concurrent(test):
    """Threads write through their own connections, so the test's data must be committed."""
    return pytest.mark.postgres(pytest.mark.django_db(transaction=True)(test))


def run_in_threads(work, threads=THREADS):
    """Start `work(n)` in `threads` threads at once, each on its own connection; returns the
    exceptions they raised."""
    start = threading.Barrier(threads)
    errors = []

    def thread(n):
        try:
            start.wait()
            work(n)
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connection.close()

    pool = [threading.Thread(target=thread, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in pool), "a writer is stuck"
    return errors


def churn(n, *, created, ops=OPS_PER_THREAD, tolerate=()):
    """Random tree writes: new bodies under random parents, and moves of random bodies under
    other bodies or out to a tree of their own. Instances are loaded before the lock is taken,
    as a form or an admin page loads them."""
    rng = random.Random(n)
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
                    services.move_body(body=body, target=target, position=rng.choice(["first-child", "last-child", "left", "right"]))
        except ValidationError:
            pass  # a move into the body's own branch, refused as it should be
        except tolerate:
            pass


@pytest.fixture
def partnership():
    generate_partnership(bodies=40, memberships=40, seed=7)
    assert tree_problems() == []
    return Body.objects.count()


@concurrent
def test_concurrent_creates_and_moves_leave_a_healthy_tree(on_postgres, partnership):
    created = []
    errors = run_in_threads(lambda n: churn(n, created=created))
    assert errors == []
    assert len(created) > THREADS
    assert Body.objects.count() == partnership + len(created)  # no write was lost
    assert tree_problems() == []


@contextmanager
def no_lock(using=None):
    with transaction.atomic(using=using):
        yield


@concurrent
def test_without_the_tree_lock_concurrent_writers_corrupt_the_tree(on_postgres, partnership, monkeypatch):
    """The lock is what keeps the tree healthy: the same writers without it leave it corrupt
    (every one of 17 trial runs left dozens of bodies misplaced). models.py and services.py
    import tree_lock by name, so each module's copy is replaced."""
    for module in ("partnerships.tree", "partnerships.models", "partnerships.services"):
        monkeypatch.setattr(f"{module}.tree_lock", no_lock)
    # Three writes each are plenty; unserialised writers also deadlock each other, and
    # PostgreSQL takes a second to notice each deadlock and abort one side.
    errors = run_in_threads(lambda n: churn(n, created=[], ops=3, tolerate=DatabaseError))
    assert errors == []
    assert tree_problems() != []


@pytest.mark.django_db
@pytest.mark.parametrize("position", ["left", "right"])
def test_moving_beside_a_body_that_another_writer_moved_keeps_the_tree_healthy(position):
    """A writer loads a body; before it moves something next to that body, another writer
    moves the body elsewhere. The move must follow the body to where it now is."""
    root = services.create_body(name="Partnership Forum", kind="forum")
    board = services.create_body(name="Partnership Board", kind="board", parent=root)
    executive = services.create_body(name="Partnership Executive", kind="executive", parent=root)
    housing = services.create_body(name="Housing task group", kind="task_group", parent=board)
    waste = services.create_body(name="Waste task group", kind="task_group", parent=root)
    housing_as_loaded = Body.objects.get(pk=housing.pk)
    services.move_body(body=Body.objects.get(pk=housing.pk), target=Body.objects.get(pk=executive.pk))

    services.move_body(body=Body.objects.get(pk=waste.pk), target=housing_as_loaded, position=position)

    assert tree_problems() == []
    assert Body.objects.get(pk=waste.pk).parent_id == executive.pk
