import pytest

from faults.servers import PrivateRedis, ServerUnavailable


@pytest.fixture
def private_redis():
    """A redis-server of the test's own on a free port, which it may stop (never the shared one)."""
    try:
        server = PrivateRedis()
    except ServerUnavailable as error:
        pytest.skip(str(error))
    with server:
        yield server
