"""Concurrent tree writes keep the nested set whole, because every write takes the tree lock
(partnerships/tree.py). django-mptt keeps no lock of its own: without ours, concurrent
writers shift lft/rght from stale positions and corrupt the tree.

The threaded tests need PostgreSQL: SQLite serialises every write transaction anyway
(IMMEDIATE), so threads there prove nothing about the lock.
"""

import threading
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection, transaction

from bench.generate import generate_partnership
from faults import tree as tree_faults
from faults.concurrency import run_in_processes
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


@pytest.fixture
def partnership():
    generate_partnership(bodies=40, memberships=40, seed=7)
    assert tree_problems() == []
    return Body.objects.count()


@concurrent
def test_concurrent_creates_and_moves_leave_a_healthy_tree(on_postgres, partnership):
    created = []
    errors = run_in_threads(lambda n: created.extend(tree_faults.churn(n, ops=OPS_PER_THREAD)["created"]))
    assert errors == []
    assert len(created) > THREADS
    assert Body.objects.count() == partnership + len(created)  # no write was lost
    assert tree_problems() == []


@concurrent
def test_eight_processes_moving_and_inserting_leave_a_consistent_tree(on_postgres, partnership):
    """Processes, as gunicorn workers are: no shared Python state, only the database's lock."""
    results = run_in_processes(lambda n: tree_faults.churn(n, ops=OPS_PER_THREAD), tree_faults.PROCESSES)
    created = sum(len(result["created"]) for result in results)
    moved = sum(result.get("moved", 0) for result in results)
    print(f"{tree_faults.PROCESSES} processes: {created} created, {moved} moved")
    assert created > tree_faults.PROCESSES and moved > tree_faults.PROCESSES
    assert Body.objects.count() == partnership + created  # no write was lost
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
    errors = run_in_threads(lambda n: tree_faults.churn(n, ops=3, tolerate=DatabaseError))
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
