"""Whole responses of the public pages, cached in the shared cache (Redis in production) and
never stale.

Freshness rests on one number, the generation, kept in the cache. Every statement that writes
to the database bumps it once its transaction commits: a wrapper on every database connection
sees each INSERT, UPDATE, DELETE or schema change, whoever sends it (services, the admin,
imports, `.update()` and bulk writes, Celery tasks, scheduled publication, migrations), so no
write path can be forgotten. A cached response carries the generation it was rendered under and
answers only while the generation is unchanged; the generation is read before rendering and
bumped after commit, so a response rendered before a write never outlives it.

What is cached (PageCacheMiddleware; views opt in):
- `anonymous_page`: the page as anonymous visitors get it. Visitors with a session (signed in)
  always get a fresh rendering and nothing of theirs is stored; a response that used the CSRF
  token, the session, a message or a CSP nonce, set a cookie or said `private`/`no-store` is not
  stored.
- `public_data`: feeds and open data, the public's view whoever asks; they also answer
  conditional GETs (ETag, If-None-Match -> 304).

Keys also hold the code and settings the page was rendered with (a deploy never serves the old
templates), the host and scheme (feeds print absolute URLs), the htmx headers (partials), and
the minute: pages that depend on the clock (upcoming meetings, the structure as at today) move
on within a minute without any write.

A request served inside an uncommitted transaction (only tests do that) may see rows that
will never be committed: it neither reads nor stores cached pages.
"""

import hashlib
import logging
import random
import re
import time
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
# Statements that change nothing; anything else counts as a write (schema changes included).
_READS = re.compile(r"\s*(SELECT|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET|SHOW|EXPLAIN|PRAGMA)\b", re.IGNORECASE)
_TARGET = re.compile(r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)
_HTMX_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_HISTORY_RESTORE_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_TRIGGER")
# A bump that could not reach the cache (Redis down): retried before this process serves again.
_bump_pending = False


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


# --- The generation ------------------------------------------------------------------------

def bump():
    """Move every cached page out of date (called after each committed write)."""
    global _bump_pending
    cache = _cache()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            # Missing (a new or emptied cache): start anywhere, never at a value used before.
            if not cache.add(GENERATION_KEY, random.getrandbits(62), timeout=None):
                cache.incr(GENERATION_KEY)
        _bump_pending = False
    except Exception:
        _bump_pending = True
        logger.warning("page cache: could not bump the generation; serving uncached until it can", exc_info=True)


def bump_pending():
    """Whether a bump could not reach the cache and waits to be retried."""
    return _bump_pending


def _bump_on_commit():
    bump()


def _ignored_tables():
    return settings.PAGE_CACHE_IGNORED_TABLES


def is_write(sql):
    """Whether `sql` may change what a page shows (sessions and login throttling do not)."""
    if not isinstance(sql, str):
        sql = str(sql)
    if _READS.match(sql):
        return False
    target = _TARGET.match(sql)
    return not (target and target.group(1).lower() in _ignored_tables())


def _wrote(connection):
    if not connection.in_atomic_block:
        bump()  # autocommit: the write is already committed
        return
    # One bump per transaction, unless the savepoint that registered it may roll back alone.
    current = set(connection.savepoint_ids)
    if any(func is _bump_on_commit and sids <= current for sids, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_bump_on_commit, using=connection.alias)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if is_write(sql):
        _wrote(context["connection"])
    return result


def watch(connection, **kwargs):
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def install():
    """Watch every database connection, present and future (PartnershipsConfig.ready)."""
    connection_created.connect(watch, dispatch_uid="page_cache.watch")
    for connection in connections.all(initialized_only=True):
        watch(connection)


# --- Keys ----------------------------------------------------------------------------------

_code_version = None
_KEYED_SETTINGS = ("PORTAL_NAME", "PORTAL_BASE_URL", "STATIC_URL", "TIME_ZONE", "LANGUAGE_CODE", "DEBUG")


def code_version():
    """A digest of the templates, code and static files, and the settings pages print."""
    global _code_version
    if _code_version is None:
        digest = hashlib.sha256(settings.PAGE_CACHE_VERSION.encode())
        for name in _KEYED_SETTINGS:
            digest.update(repr(getattr(settings, name, None)).encode())
        root = Path(settings.BASE_DIR)
        for folder in ("config", "templates", "static", "partnerships", "meetings", "performance", "governance"):
            for path in sorted((root / folder).rglob("*")):
                if path.is_file() and path.suffix in {".py", ".html", ".txt", ".css", ".js", ".svg", ".yaml"}:
                    digest.update(str(path.relative_to(root)).encode())
                    digest.update(path.read_bytes())
        _code_version = digest.hexdigest()[:16]
    return _code_version


def _reset_code_version(**kwargs):
    global _code_version
    _code_version = None


setting_changed.connect(_reset_code_version)


def page_key(request):
    parts = [
        code_version(),
        request.scheme,
        request.get_host(),
        *(request.META.get(header, "") for header in _HTMX_HEADERS),
        request.get_full_path(),
        str(int(time.time() // settings.PAGE_CACHE_CLOCK_SECONDS)),
    ]
    return "page-cache:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


# --- Storing and answering -----------------------------------------------------------------

ANONYMOUS, PUBLIC = "anonymous", "public"


def anonymous_page(view):
    """Cache the page as anonymous visitors get it (see the module docstring)."""
    view.page_cache = ANONYMOUS
    return view


def public_data(view):
    """Cache a feed or open-data response, the same for everyone, and answer conditional GETs."""
    view.page_cache = PUBLIC
    return view


def _kind(request):
    match = getattr(request, "resolver_match", None)
    return getattr(match.func, "page_cache", None) if match else None


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token: it is this visitor's
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False  # django-csp's nonce: the header of every later response has another
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or getattr(messages, "_queued_messages", None)):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return "private" not in cache_control and "no-store" not in cache_control


def _conditional(request, response):
    """304 Not Modified when the client's copy (If-None-Match) is the current one."""
    if response.status_code != 200 or response.streaming:
        return response
    if not response.has_header("ETag"):
        set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)


class PageCacheMiddleware:
    """Answers cached pages before the session, CSRF and authentication middleware run, and
    stores what the views marked `anonymous_page` or `public_data` render.

    Sits just inside the security and static-file middleware, so a stored response carries
    every header the inner middleware added and a replay is the response as first sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.PAGE_CACHE_ENABLED and request.method == "GET"):
            return self._fresh(request)
        if connections["default"].in_atomic_block:
            # An uncommitted transaction (a test's) sees rows no one else may ever see.
            return self._fresh(request)
        if CookieStorage.cookie_name in request.COOKIES:
            return self._fresh(request)  # a message waits to be shown on this page
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
        key = page_key(request)
        generation, entry = self._lookup(key)
        if entry is not None and (entry[1] == PUBLIC or not signed_in):
            return self._replay(request, entry)
        response = self.get_response(request)
        kind = _kind(request)
        if kind == PUBLIC:
            response = _conditional(request, response)
        if (
            generation is not None
            and response.status_code == 200
            and (kind == PUBLIC or (kind == ANONYMOUS and not signed_in))
            and _storable(request, response)
        ):
            self._store(key, kind, response, generation)
        return response

    def _fresh(self, request):
        response = self.get_response(request)
        return _conditional(request, response) if _kind(request) == PUBLIC else response

    @staticmethod
    def _lookup(key):
        """(generation, entry or None); generation None when the cache cannot be used."""
        if _bump_pending:
            bump()
            if _bump_pending:
                return None, None
        cache = _cache()
        try:
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY)
            if generation is None:
                cache.add(GENERATION_KEY, random.getrandbits(62), timeout=None)
                generation = cache.get(GENERATION_KEY)
        except Exception:
            logger.warning("page cache: cache unreadable; rendering", exc_info=True)
            return None, None
        entry = found.get(key)
        if entry is not None and entry[0] != generation:
            entry = None
        return generation, entry

    @staticmethod
    def _store(key, kind, response, generation):
        headers = [
            (name, value) for name, value in response.items()
            if name.lower() != "set-cookie"
        ]
        try:
            _cache().set(
                key, (generation, kind, response.status_code, headers, response.content),
                timeout=settings.PAGE_CACHE_SECONDS,
            )
        except Exception:
            logger.warning("page cache: could not store a page", exc_info=True)

    @staticmethod
    def _replay(request, entry):
        _, kind, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return _conditional(request, response) if kind == PUBLIC else response
