"""Settings for the partnership portal, read from the environment.

Defaults suit production (DEBUG off, secure cookies, HSTS); `make run` asks for DEBUG=1 and
the embedded defaults (a SQLite file, Celery tasks run eagerly in-process).
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
SECRET_KEY_FROM_ENVIRONMENT = bool(SECRET_KEY)
if not SECRET_KEY:
    # Management commands (check, makemigrations) may run without one; the web and worker
    # processes refuse to start without it (config/guard.py) and `check --deploy` fails.
    SECRET_KEY = (
        "insecure-development-key-only-for-debug-mode-0123456789abcdefghijkl"
        if DEBUG
        else "unset-" + secrets.token_urlsafe(50)
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

PORTAL_NAME = os.environ.get("PORTAL_NAME", "Cumbria Strategic Partnership")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "mptt",
    "guardian",
    "django_htmx",
    "csp",
    "axes",
    # The audit trail of memberships, terms of reference, minutes and measurements
    # (governance/audit/history.py registers the models; the history tables live in governance).
    "simple_history",
    # Celery tasks queued by a write wait here, in the write's transaction, until the broker has them.
    "outbox",
    "partnerships",
    "governance",
    "meetings",
    "performance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # First in, last out: it sees the response after every other middleware has set its headers.
    "config.middleware.PrivateCacheControlMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages answer here, before sessions, CSRF and authentication run.
    "partnerships.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records the signed-in user on each history row a request writes.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Answers a locked-out sign-in with the lockout page (django-axes; last, as its docs ask).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "governance.accounts.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request uses it, so one the database dropped
        # (a restart, a failover) is replaced rather than failing that request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes SQLite's write lock at BEGIN, so tree writes serialise as on PostgreSQL.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("TEST_DATABASE_NAME") or None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out sign-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "governance.accounts.auth.EmailBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# The policy treats anonymous visitors itself; guardian needs no anonymous user row.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords in a row for one
# email address from one IP address, that pair is refused for AXES_COOLOFF_TIME, even with the
# right password. The pair, not the address alone, so that nobody can lock a partner out from
# elsewhere, and not the IP alone, so that colleagues behind one office gateway are unaffected.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "governance.accounts.auth.sign_in_username"
AXES_LOCKOUT_CALLABLE = "governance.accounts.auth.locked_out"
AXES_CLIENT_IP_CALLABLE = "governance.accounts.auth.client_ip"
# Password-reset e-mails (governance/accounts/password_reset.py): at most this many per address and per
# IP address in PASSWORD_RESET_WINDOW; more asks are answered with a message, and no e-mail.
PASSWORD_RESET_LIMIT_PER_EMAIL = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_EMAIL", "3"))
PASSWORD_RESET_LIMIT_PER_IP = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_IP", "20"))
PASSWORD_RESET_WINDOW = timedelta(hours=1)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:my-account"
LOGOUT_REDIRECT_URL = "partnerships:home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded papers live outside any public URL; views serve them after a permission check.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "uploads"))
# No URL pattern serves this prefix: it only names the files (Django requires a string).
MEDIA_URL = "/media/"
# Meeting papers: the largest upload accepted, and how many days before a meeting papers are
# due (the UK's "five clear days", Local Government Act 1972 s.100B); later ones are "late".
PAPER_MAX_BYTES = int(os.environ.get("PAPER_MAX_BYTES", str(20 * 1024 * 1024)))
PAPERS_DUE_DAYS = int(os.environ.get("PAPERS_DUE_DAYS", "5"))

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_CACHE_URL"],
        # Deployments (or benchmark runs) sharing one Redis database keep apart by prefix.
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
        # An unreachable Redis must fail a cache call fast, never hold a page: callers treat
        # an error as a miss (tests/faults/test_redis.py).
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if os.environ.get("REDIS_CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# The glossary's term list (governance/glossary/services.py) is cached; saving a term empties the cache,
# and a process with its own local-memory cache sees another process's edit within this time.
GLOSSARY_CACHE_SECONDS = int(os.environ.get("GLOSSARY_CACHE_SECONDS", "300"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
# Links in emails sent without a request (the digests of followed bodies): the portal's address.
PORTAL_BASE_URL = (
    os.environ.get("PORTAL_BASE_URL")
    or ("http://127.0.0.1:8000" if DEBUG else "https://" + (ALLOWED_HOSTS or ["localhost"])[0].lstrip("."))
).rstrip("/")

# Celery: with no broker configured, tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# `make run` (DEBUG, no broker): eager tasks run on a thread of their own after the commit, not
# inside the request, so a quarterly report's page shows its progress as with a worker
# (outbox.services.run_in_thread). Never in production, which has a broker; off in tests.
CELERY_TASK_IN_THREAD = env_bool("CELERY_TASK_IN_THREAD", DEBUG and not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
# WeasyPrint (the quarterly report, agenda packs) keeps the memory a large render took, and the
# small periodic tasks would keep a child alive for hours: recycle a child as soon as a task
# leaves it above this resident size (kilobytes), whatever its task count.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(os.environ.get("CELERY_WORKER_MAX_MEMORY_PER_CHILD", str(400 * 1024)))
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
# Longer than the hard time limit, so Redis never redelivers a task that is still running.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))}
CELERY_TASK_IGNORE_RESULT = True
# One queue per deployment; tests running side by side on one broker each take their own.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # A report whose worker was killed mid-render is made again within minutes, not after Redis's
    # hour-long visibility timeout (performance/reporting.py).
    "performance-resume-stalled-renders": {
        "task": "performance.tasks.resume_stalled_renders",
        "schedule": crontab(minute="*/5"),
    },
    # Tasks queued while the broker was unreachable (outbox/) go out within a minute of its return.
    "outbox-send-queued": {
        "task": "outbox.tasks.send_queued_tasks",
        "schedule": float(os.environ.get("OUTBOX_RELAY_SECONDS", "60")),
    },
    # Seed 002's attendance rule, for meetings whose attendance arrived other than through the
    # register (imports, the admin); the register queues the same task after each save.
    "meetings-review-attendance-nightly": {
        "task": "governance.tasks.review_attendance",
        "schedule": crontab(hour=1, minute=30),
    },
    # Agendas, papers and approved minutes that staff scheduled go public within five minutes.
    "meetings-publish-scheduled": {
        "task": "meetings.tasks.publish_scheduled",
        "schedule": crontab(minute="*/5"),
    },
    # Seed 003: followers of a body get what it published (agendas, minutes and their outcomes)
    # without waiting for the chair to pass it on. Each subscription's digest covers the time
    # since its last one, so a missed or repeated run loses and repeats nothing.
    "governance-publication-digests-daily": {
        "task": "governance.tasks.send_publication_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # The governance health check's counts and worst findings for staff (seed 004's norms).
    "governance-health-digest-monthly": {
        "task": "governance.tasks.send_health_digest_task",
        "schedule": crontab(day_of_month=1, hour=7, minute=30),
    },
}

# Production safety, relaxed only when DEBUG is asked for.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A strict Content Security Policy (django-csp 4): scripts and styles from the portal's own
# static files only; no inline script or style, no eval (htmx is configured without it in
# base.html). Nothing needs a nonce today; should something, add csp.constants.NONCE to the one
# directive and write nonce="{{ request.csp_nonce }}" on the element.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes announces itself on every start (every management command); its sign-in
    # failures and lockouts (axes.handlers) stay logged.
    "loggers": {"axes.apps": {"level": "WARNING"}},
}

# Whole public pages cached for anonymous visitors (partnerships/page_cache.py). The pages and
# their freshness marker must be shared by every process, so it is on by default only with the
# Redis cache; PAGE_CACHE=1 forces it (a single process with the local-memory cache).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", bool(os.environ.get("REDIS_CACHE_URL")))
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
# Pages that depend on the clock (upcoming meetings, the structure as at today) move on within
# this many seconds without any write.
PAGE_CACHE_CLOCK_SECONDS = 60
# Tables whose writes change no page: sessions, and django-axes's login throttling.
PAGE_CACHE_IGNORED_TABLES = frozenset({"django_session", "axes_accessattempt", "axes_accessfailurelog", "axes_accesslog"})
# Changing it moves every cached page out of date (the code and templates are digested anyway).
PAGE_CACHE_VERSION = os.environ.get("PAGE_CACHE_VERSION", "")
