"""The throwaway database every benchmark runs on, never the development one: on the server
DATABASE_URL names (a database called bench_<pid> beside it), else a SQLite file under bench/
that is deleted afterwards. Shared by `make bench` (bench/__main__.py) and `make load`."""

import contextlib
import os
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def configure_environment():
    """Before django.setup(): the test settings, pointed at a throwaway database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    if os.environ.get("DATABASE_URL"):
        os.environ["TEST_DATABASE_NAME"] = os.environ.get("BENCH_DATABASE_NAME") or f"bench_{os.getpid()}"
    else:
        path = BENCH_DIR / f"bench-{os.getpid()}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        os.environ["TEST_DATABASE_NAME"] = str(path)


def describe(connection, name):
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version} (throwaway file {name})"
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor} (throwaway database {name})"
    return f"{connection.display_name} (throwaway database {name})"


@contextlib.contextmanager
def throwaway_database():
    """Creates the migrated database, yields its description, drops it afterwards."""
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment(debug=False)
    original_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield describe(connection, test_name)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        teardown_test_environment()
