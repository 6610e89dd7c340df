"""`make load` (`python -m bench.load`): the portal as production runs it, under load.

gunicorn (2 workers) with the production settings on PostgreSQL and the Redis cache, serving the
demo partnership plus a large generated one (5,000 bodies, 50,000 memberships); wrk at 32
connections for 20 s over the main public pages taken in turn, then a few seconds on each page
alone. Prints req/s and p99 for each; exits 1 on any socket error, timeout, 4xx or 5xx.

`--quick` is the form CI runs: the demo only, 3 s in all, a few seconds of wrk per page.
Needs DATABASE_URL naming a PostgreSQL server (a throwaway database is made beside it) and a
Redis (REDIS_CACHE_URL, else redis://127.0.0.1:6379/1; each run uses its own key prefix).
"""

import argparse
import io
import sys
import time

from bench.database import configure_environment, throwaway_database

LARGE = (5000, 50000)


def main_pages(large):
    """(label, path) of the main public pages: the issue's eight, and the large partnership's
    busiest body and its organisations when there is one."""
    from django.urls import reverse

    from bench.public_pages import public_pages

    pages = [(label, path) for label, path, _ in public_pages()]
    if large:
        pages += [
            ("a large body page", reverse("partnerships:body", kwargs={"slug": large["sample_body_slug"]})),
            ("/structure/organisations/", reverse("partnerships:organisations")),
        ]
    return pages


def run(*, quick, mixed_seconds, page_seconds, log=print):
    from django.core.management import call_command

    from bench.generate import generate_partnership
    from bench.serve import Server, wrk

    started = time.perf_counter()
    call_command("load_demo", stdout=io.StringIO())
    large = None if quick else generate_partnership(bodies=LARGE[0], memberships=LARGE[1], seed=7)
    if large:
        log(f"  generated {large['bodies']:,} bodies and {large['memberships']:,} memberships beside the demo")
    pages = main_pages(large)
    log(f"  data ready in {time.perf_counter() - started:.0f} s")
    server = Server()
    if not server.redis:
        raise SystemExit("make load needs Redis: set REDIS_CACHE_URL (or start Redis on 127.0.0.1:6379)")
    with server:
        log(f"  {server.describe()}")
        for label, path in pages:
            status, body = server.get(path)
            if status != 200:
                raise SystemExit(f"{label} ({path}) answered {status} before the load:\n{server.output()}")
            log(f"    {label}: {len(body) / 1024:,.0f} KB")
        results = [wrk(server, [path for _, path in pages], seconds=mixed_seconds, label="all pages in turn")]
        for label, path in pages:
            results.append(wrk(server, path, seconds=page_seconds, label=label))
        problems = server.output().strip()
    return results, problems


def print_table(results, out=print):
    header = ("pages", "seconds", "requests", "req/s", "p50 ms", "p99 ms", "socket errors", "4xx", "5xx", "other non-2xx")
    rows = [
        (
            r.label, f"{r.seconds:.0f}", f"{r.requests:,}", f"{r.requests_per_s:,.0f}", f"{r.p50_ms:.1f}",
            f"{r.p99_ms:.1f}", str(r.socket_errors), str(r.client_errors), str(r.server_errors),
            str(max(0, r.non_2xx_3xx - r.client_errors - r.server_errors)),
        )
        for r in results
    ]
    widths = [max(len(c) for c in column) for column in zip(header, *rows)]
    for row in [header, ["-" * w for w in widths], *rows]:
        out("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the demo only, a few seconds of wrk (CI)")
    parser.add_argument("--seconds", type=int, help="wrk over all pages in turn (default 20; quick 3)")
    parser.add_argument("--page-seconds", type=int, help="wrk on each page alone (default 5; quick 1)")
    args = parser.parse_args(argv)
    mixed = args.seconds or (3 if args.quick else 20)
    per_page = args.page_seconds or (1 if args.quick else 5)

    configure_environment()
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("make load runs on PostgreSQL: set DATABASE_URL=postgres://...")
    started = time.perf_counter()
    with throwaway_database() as database:
        print(f"Database: {database}")
        results, server_log = run(quick=args.quick, mixed_seconds=mixed, page_seconds=per_page)
    print()
    print_table(results)
    failed = [r for r in results if r.errors]
    if server_log:
        print(f"\ngunicorn reported:\n{server_log}")
    print(f"\nTotal {time.perf_counter() - started:.0f} s")
    if failed:
        print("FAILED: errors under load on " + ", ".join(r.label for r in failed))
        return 1
    print("OK: zero errors, zero 5xx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
