import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Report PDFs and the papers filed to meetings go to a temporary MEDIA_ROOT, never the
    project's var/ (the storages follow MEDIA_ROOT when it changes)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
