import pytest

from tests.factories import BodyFactory

from .factories import user_on


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded papers and rendered PDFs in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def body():
    return BodyFactory(name="Carlisle Partnership Executive")


@pytest.fixture
def officer(client, body):
    """The test client, signed in as the body's officer."""
    client.force_login(user_on(body, role="officer"))
    return client
