"""Concurrent attendance edits lose no update (faults/attendance.py, quick form; `make faults`
runs it longer). Processes on PostgreSQL, as gunicorn's workers are."""

import pytest

from faults import attendance


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_attendance_edits_lose_no_update(on_postgres):
    figures, problems = attendance.run(processes=4, members_each=3, rounds=3)
    print(figures)
    assert problems == [], figures
    assert figures["rows changed"] == 12
