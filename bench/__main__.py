"""`make bench` (`python -m bench`): every benchmark suite, each on freshly generated data.

Runs against a throwaway database it creates and drops itself, never the development one: on
the server DATABASE_URL names (a database called bench_<pid> beside it), else a SQLite file
under bench/ that is deleted afterwards. Prints query counts and median / p95 latencies.
"""

import argparse
import os
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def _configure_environment():
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    if os.environ.get("DATABASE_URL"):
        os.environ["TEST_DATABASE_NAME"] = os.environ.get("BENCH_DATABASE_NAME") or f"bench_{os.getpid()}"
    else:
        path = BENCH_DIR / f"bench-{os.getpid()}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        os.environ["TEST_DATABASE_NAME"] = str(path)


def _describe(connection, name):
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version} (throwaway file {name})"
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor} (throwaway database {name})"
    return f"{connection.display_name} (throwaway database {name})"


def _structure(args):
    from bench import structure_chart

    scales = args.scale or ("realistic", "large")
    return structure_chart.print_table, structure_chart.run(scales=scales, runs=args.runs, warmups=args.warmups)


def _attendance(args):
    from bench import attendance

    return attendance.print_table, attendance.run()


def _meetings(args):
    from bench import meetings_pages

    return meetings_pages.print_table, meetings_pages.run(runs=min(args.runs, 10), warmups=args.warmups)


def _report(args):
    from bench import report

    return report.print_table, report.run()


def _imports(args):
    from bench import imports

    return imports.print_table, imports.run()


def _health(args):
    from bench import health

    return health.print_table, health.run(runs=min(args.runs, 5))


SUITES = [
    ("structure pages", _structure),
    ("attendance rule", _attendance),
    ("meetings pages", _meetings),
    ("quarterly report", _report),
    ("health page", _health),
    ("bulk imports", _imports),
]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page (default 15)")
    parser.add_argument("--warmups", type=int, default=2, help="untimed requests first (default 2)")
    parser.add_argument(
        "--scale", action="append", choices=["realistic", "large"],
        help="structure pages: only this scale (repeatable; default both)",
    )
    parser.add_argument(
        "--only", action="append", choices=[name for name, _ in SUITES],
        help="run only this suite (repeatable; default all)",
    )
    args = parser.parse_args(argv)

    _configure_environment()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    started = time.perf_counter()
    setup_test_environment(debug=False)
    original_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print(f"Database: {_describe(connection, test_name)}")
        print(f"{args.runs} timed runs after {args.warmups} warm-ups per page")
        tables = []
        for name, run_suite in SUITES:
            if args.only and name not in args.only:
                continue
            print(f"\n== {name} ==")
            call_command("flush", interactive=False, verbosity=0)
            tables.append((name, *run_suite(args)))
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        teardown_test_environment()
    for name, print_table, rows in tables:
        print(f"\n{name}")
        print_table(rows)
    print(f"\nTotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
