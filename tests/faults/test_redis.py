"""Redis stopped (quick form of faults/redis.py; `make faults` runs it with a real worker):
every page renders, attendance and report requests are taken, and their tasks run once Redis is
back. A private redis-server on a free port: the shared one is never stopped."""

import pytest

from faults import redis as redis_fault


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_pages_render_and_nothing_asked_for_is_lost(private_redis):
    figures, problems = redis_fault.run(redis=private_redis)
    print(figures)
    assert problems == [], figures
