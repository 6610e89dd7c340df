"""SIGKILL the Celery worker's child while it renders a quarterly report (quick form of
faults/worker.py; `make faults` also kills the whole worker and restarts it): exactly one report
is stored. A real worker process and a private Redis; PostgreSQL, which the worker shares."""

import pytest

from faults import worker as worker_fault


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_report_whose_render_was_killed_is_stored_exactly_once(on_postgres, private_redis):
    figures, problems = worker_fault.run(redis=private_redis, kill="child", indicators=60, quarters=4, production=False)
    print(figures)
    assert problems == [], figures
