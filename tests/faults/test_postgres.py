"""The database going away (quick forms; `make faults` restarts a real PostgreSQL under load,
faults/postgres.py): requests that cannot reach it answer a plain 503 page that says to try
again, and a connection the database dropped is replaced before a request uses it."""

import psycopg
import pytest
from django.db import OperationalError, close_old_connections, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "/structure/"  # the structure chart: every request reads the tree


@pytest.fixture
def browser():
    # A server error is the answer to look at, not an exception raised into the test.
    return Client(raise_request_exception=False)


def test_a_database_that_cannot_be_reached_answers_503_saying_to_try_again(browser, monkeypatch):
    def refused(self):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refused)
    response = browser.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "10" and response["Cache-Control"] == "no-store"
    assert "The portal is briefly unavailable" in html and "Try again in a minute" in html
    assert "Traceback" not in html and "OperationalError" not in html and "5432" not in html


def test_other_errors_still_answer_the_500_page(browser, monkeypatch):
    def broken(self):
        raise ValueError("a bug")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", broken)
    response = browser.get(PAGE)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def _drop_the_portal_connection():
    """What a PostgreSQL restart does to every kept connection, done to this one alone."""
    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
        password=settings["PASSWORD"] or None, dbname=settings["NAME"], autocommit=True,
    ) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)


def served(browser):
    """GET the page as a WSGI server would serve it: Django checks its kept connections when a
    request starts and ends (the test client leaves that out)."""
    close_old_connections()
    response = browser.get(PAGE)
    close_old_connections()
    return response


@pytest.fixture
def kept_connection(on_postgres, browser, settings):
    # Every request must reach the database: a page answered from the page cache would not.
    settings.PAGE_CACHE_ENABLED = False
    BodyFactory(name="Partnership Forum")
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert served(browser).status_code == 200
    assert connection.connection is not None  # kept open between requests
    yield browser
    connection.close()  # the test database is emptied after the test, on a live connection


def test_a_connection_the_database_dropped_is_replaced_before_a_request_uses_it(kept_connection):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    _drop_the_portal_connection()
    response = served(kept_connection)
    assert response.status_code == 200
    assert "Partnership Forum" in response.content.decode()


def test_without_health_checks_the_dropped_connection_fails_one_request(kept_connection, monkeypatch):
    """Why the setting matters: without the check, the first request after a restart meets
    the dead connection (503), and only the next one recovers."""
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    monkeypatch.setattr(connection, "health_check_enabled", False)  # read when it connected
    _drop_the_portal_connection()
    assert served(kept_connection).status_code == 503
    assert served(kept_connection).status_code == 200
