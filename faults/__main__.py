"""`make faults` (`python -m faults`): the long fault scenarios, on private servers.

Starts a private PostgreSQL and a private Redis in temporary directories on free ports (never
the shared servers, which other work uses), migrates a throwaway database, and runs each
scenario on fresh data: prints its figures and verdict, and exits 1 if any scenario failed.
"""

import argparse
import os
import sys
import time

SCENARIOS = ["tree", "attendance", "redis", "worker-child", "worker", "postgres"]


def _table(results):
    width = max(len(key) for _, figures, _ in results for key in figures)
    for name, figures, problems in results:
        print(f"\n{name}: {'PASSED' if not problems else 'FAILED'}")
        for key, value in figures.items():
            print(f"  {key:<{width}}  {value}")
        for problem in problems:
            print(f"  ! {problem}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m faults", description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=SCENARIOS, help="run only this scenario (repeatable)")
    args = parser.parse_args(argv)

    from .servers import PrivatePostgres, PrivateRedis

    started = time.perf_counter()
    postgres = PrivatePostgres().start()
    redis = PrivateRedis().start()
    try:
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
        os.environ["DATABASE_URL"] = postgres.url("postgres")
        os.environ["TEST_DATABASE_NAME"] = "faults"
        for name in ("CELERY_BROKER_URL", "REDIS_CACHE_URL"):
            os.environ.pop(name, None)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import setup_test_environment

        setup_test_environment(debug=False)
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        database_url = postgres.url("faults")
        print(f"Private PostgreSQL on port {postgres.port} ({postgres.directory}), Redis on port {redis.port}")

        from django.conf import settings

        from . import attendance, tree, worker
        from . import postgres as postgres_fault
        from . import redis as redis_fault
        from .servers import CeleryWorker, production_environment

        def redis_worker():
            environment = production_environment(
                database_url, CELERY_BROKER_URL=redis.url(redis_fault.BROKER_DB), REDIS_CACHE_URL=redis.url(redis_fault.CACHE_DB),
                MEDIA_ROOT=settings.MEDIA_ROOT, OUTBOX_RELAY_SECONDS=2, LOG_LEVEL="INFO",
            )
            return CeleryWorker(environment, beat=True).start()

        runners = {
            "tree": lambda: tree.run(),
            "attendance": lambda: attendance.run(),
            "redis": lambda: redis_fault.run(redis=redis, worker=redis_worker),
            "worker-child": lambda: worker.run(redis=redis, kill="child"),
            "worker": lambda: worker.run(redis=redis, kill="worker"),
            "postgres": lambda: postgres_fault.run(postgres=postgres, database_url=database_url),
        }
        results = []
        for name in SCENARIOS:
            if args.only and name not in args.only:
                continue
            call_command("flush", interactive=False, verbosity=0)
            print(f"\n== {name} ==", flush=True)
            figures, problems = runners[name]()
            results.append((name, figures, problems))
    finally:
        redis.close()
        postgres.close()
    _table(results)
    failed = [name for name, _, problems in results if problems]
    print(f"\n{len(results) - len(failed)} passed, {len(failed)} failed ({time.perf_counter() - started:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
