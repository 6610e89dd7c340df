import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("host", ["evil.example", "portal.example.org:99999", "bad host", "[::1"])
def test_a_bad_host_header_is_a_400_not_a_500(client, settings, host):
    """A Host outside ALLOWED_HOSTS is refused before the middleware sets request.user; the
    400 page, rendered with the portal's context, must not need it (DEBUG off, as in production)."""
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 400
    assert "The request could not be understood" in response.content.decode()
    assert settings.PORTAL_NAME in response.content.decode()
