"""`make bench` (`python -m bench`): every benchmark suite, each on freshly generated data.

Runs against a throwaway database it creates and drops itself, never the development one: on
the server DATABASE_URL names (a database called bench_<pid> beside it), else a SQLite file
under bench/ that is deleted afterwards (bench/database.py). Prints query counts and median / p95
latencies, and the public pages' req/s under gunicorn against a bare view (bench/public_pages.py).
"""

import argparse
import sys
import time

from bench.database import configure_environment, throwaway_database


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


def _public(args):
    from bench import public_pages

    return public_pages.print_table, public_pages.run(seconds=args.wrk_seconds)


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
    ("public pages under gunicorn", _public),
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
    parser.add_argument(
        "--wrk-seconds", type=int, default=8,
        help="public pages under gunicorn: seconds of wrk per page (default 8)",
    )
    args = parser.parse_args(argv)

    configure_environment()
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    with throwaway_database() as database:
        print(f"Database: {database}")
        print(f"{args.runs} timed runs after {args.warmups} warm-ups per page")
        tables = []
        for name, run_suite in SUITES:
            if args.only and name not in args.only:
                continue
            print(f"\n== {name} ==")
            call_command("flush", interactive=False, verbosity=0)
            tables.append((name, *run_suite(args)))
    for name, print_table, rows in tables:
        print(f"\n{name}")
        print_table(rows)
    print(f"\nTotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
