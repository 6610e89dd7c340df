"""Test settings: the real settings, made fast and isolated."""

import os
import secrets

# A generated key, as production has: the real Celery workers some tests start refuse a
# guessable one (config/guard.py), as they would in production.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

from .settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
# Eager tasks run in the request that queues them, whatever DEBUG says: tests see their effects
# at once (tests that want the development thread turn it on).
CELERY_TASK_IN_THREAD = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Uploaded papers and rendered reports from tests go to a throwaway folder, never the repo's var/.
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))

# The page cache is on, as in production; it stands aside inside a test's uncommitted
# transaction, so only tests that commit (transactional_db, live_server) meet cached pages.
PAGE_CACHE_ENABLED = True

# `make test` runs on every core (pytest-xdist), each worker with its own test database. The
# tests that start a real Celery worker must only take their own worker's tasks from the shared
# broker, so each pytest worker has its own queue.
# Workers started as processes (faults/) are given the same queue through the environment.
if os.environ.get("PYTEST_XDIST_WORKER"):
    CELERY_TASK_DEFAULT_QUEUE = f"portal-tests-{os.environ['PYTEST_XDIST_WORKER']}"
