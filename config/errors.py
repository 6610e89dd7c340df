"""Error pages that say what happened. Django calls handler500 inside the `except` block that
caught the error, wherever it was raised (a view, a template, a middleware), so the error is in
sys.exc_info()."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

# While the database restarts or fails over (seconds), clients and proxies may retry after this.
RETRY_AFTER_SECONDS = 10


def _database_unavailable(error):
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    """A database that cannot be reached (restarting, failing over, out of connections,
    deadlocked) answers 503 with Retry-After: the portal recovers by itself, so the reader is
    told to try again; anything else is the plain 500 page. Neither shows a stack trace."""
    if _database_unavailable(sys.exc_info()[1]):
        # No context processors: they would read the session and the user from the database.
        body = loader.get_template("503.html").render()
        return HttpResponse(
            body, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
        )
    return defaults.server_error(request)
