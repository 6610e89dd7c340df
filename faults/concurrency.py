"""Run work in several processes at once, each on its own database connection."""

import multiprocessing
import time
import traceback

from django.db import connections


class ProcessFailed(AssertionError):
    pass


# Connections a forked child inherited: kept referenced, never closed or used (closing one would
# end the parent's session on the socket they share).
_inherited = []


def _forget_inherited_connections():
    """Another thread of the parent (a live server's, say) may have reconnected between
    close_all() and the fork: the child starts its own connections instead of sharing that one."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _inherited.append(connection.connection)
            connection.connection = None


def run_in_processes(work, processes, *, timeout=300):
    """Fork `processes` processes that call `work(n)` at the same moment (n = 0..processes-1)
    and return their results in order. Raises ProcessFailed naming every process that raised,
    died or hung. The data they work on must be committed."""
    context = multiprocessing.get_context("fork")
    # A connection shared across fork would be used by two processes at once.
    connections.close_all()
    start = context.Barrier(processes)
    results = context.Queue()

    def child(n):
        _forget_inherited_connections()
        try:
            start.wait(timeout=60)
            results.put((n, work(n), None))
        except BaseException:  # noqa: BLE001 - reported to the parent with its traceback
            results.put((n, None, traceback.format_exc()))
        finally:
            connections.close_all()

    pool = [context.Process(target=child, args=(n,), daemon=True) for n in range(processes)]
    for process in pool:
        process.start()
    collected, deadline = {}, time.monotonic() + timeout
    while len(collected) < processes and time.monotonic() < deadline:
        try:
            n, value, error = results.get(timeout=min(1.0, max(deadline - time.monotonic(), 0.01)))
        except Exception:  # queue.Empty: look for a process that died without a word
            if all(not p.is_alive() for p in pool) and results.empty():
                break
            continue
        collected[n] = (value, error)
    for process in pool:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
    problems = [f"process {n}:\n{error}" for n, (_, error) in sorted(collected.items()) if error]
    problems += [f"process {n} died or hung (exit code {pool[n].exitcode})" for n in range(processes) if n not in collected]
    if problems:
        raise ProcessFailed("\n".join(problems))
    return [collected[n][0] for n in range(processes)]
