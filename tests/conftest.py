import os

import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            # One pytest-xdist worker runs them all, so one Chromium starts, not one per worker.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL, as CI does)")
