"""PostgreSQL restarted under load: gunicorn (production settings) serves the public pages to
client threads while the database is stopped, left down for a few seconds and started again.

Requests during the outage must fail cleanly (503 with Retry-After, no stack trace, no server
error) and every request from the moment the database is back must succeed, without restarting
the portal: kept connections are checked before use (CONN_HEALTH_CHECKS) and replaced.

`run()` needs a configured Django whose database lives on `postgres`, a PrivatePostgres this
scenario may stop (never the shared server).
"""

import time
from collections import Counter

from django.db import connections

from .load import Load
from .servers import PortalServer, production_environment


def _pages():
    from bench.generate import generate_partnership
    from partnerships.models import Body, Organisation

    generate_partnership(bodies=150, memberships=600, seed=3)
    body = Body.objects.filter(parent__isnull=False).order_by("pk").first()
    organisation = Organisation.objects.order_by("pk").first()
    return [
        "/structure/", f"/structure/bodies/{body.slug}/", "/structure/organisations/",
        f"/structure/organisations/{organisation.slug}/", "/meetings/", "/data/popolo.json",
    ]


def run(*, postgres, database_url, clients=8, before=4.0, down=3.0, after=6.0, log=print):
    pages = _pages()
    connections.close_all()
    with PortalServer(production_environment(database_url)) as server:
        log(f"postgres: {clients} clients on {len(pages)} pages; database stopped after {before:.0f} s for {down:.0f} s")
        load = Load(server.url, pages, clients=clients).start()
        time.sleep(before)
        went_down = time.monotonic()
        postgres.stop()
        time.sleep(down)
        postgres.start()
        came_back = time.monotonic()
        time.sleep(after)
        answers = load.stop()
    connections.close_all()  # this process's own connection died with the restart

    during = [a for a in answers if went_down <= a.finished < came_back]
    since_back = [a for a in answers if a.started >= came_back]
    first_ok = min((a.finished for a in since_back if a.status == 200), default=None)
    codes = Counter(a.status for a in answers)
    problems = []
    server_errors = [a for a in answers if a.status is not None and a.status >= 500 and a.status != 503]
    if server_errors:
        problems.append(f"{len(server_errors)} answers were server errors other than 503: {Counter(a.status for a in server_errors)}")
    unanswered = [a for a in answers if a.status is None]
    if unanswered:
        problems.append(f"{len(unanswered)} requests got no HTTP answer, e.g. {unanswered[0].error}")
    if any(a.traceback for a in answers):
        problems.append("a page showed a stack trace")
    if any(a.status == 503 and not a.retry_after for a in answers):
        problems.append("a 503 came without Retry-After")
    if not any(a.status == 503 for a in during):
        problems.append("no request during the outage was answered 503 (or none met it)")
    failed_after = [a for a in since_back if a.status != 200]
    if failed_after:
        problems.append(f"{len(failed_after)} of {len(since_back)} requests failed after the database was back")
    figures = {
        "requests": len(answers),
        "answers": ", ".join(f"{code or 'none'}: {count}" for code, count in sorted(codes.items(), key=lambda i: i[0] or 0)),
        "during outage": f"{len(during)} ({sum(a.status == 503 for a in during)} x 503)",
        "database down s": round(came_back - went_down, 1),
        "first 200 after restart s": None if first_ok is None else round(first_ok - came_back, 2),
        "failures after restart": f"{len(failed_after)} of {len(since_back)}",
        "req/s": round(len(answers) / (before + down + after), 1),
    }
    return figures, problems
