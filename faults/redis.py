"""Redis stopped: the portal's cache and Celery broker both go away.

Every page must still render (the cache is treated as empty, no 500). Recording attendance and
asking for a report must still work and say what will happen; their tasks wait in the outbox
(outbox/) and run once Redis is back: no review and no report lost.

The quick form (`worker=None`, tests/faults/test_redis.py) relays the outbox itself and runs
the delivered messages in-process, as a worker would; the long form (`python -m faults`) runs a
real worker with beat, which relays the outbox on its own, and measures how long that takes.
`run()` needs a configured Django with an empty schema and a PrivateRedis it may stop.
"""

import base64
import json
import os
import time
from collections import Counter
from contextlib import contextmanager

from django.test import Client, override_settings
from django.urls import reverse

HTMX = {"HTTP_HX_REQUEST": "true"}
BROKER_DB, CACHE_DB = 1, 0


@contextmanager
def portal_on_redis(redis):
    """This process's cache and Celery broker on `redis`, as production has them."""
    from celery import current_app

    conf = current_app.conf
    saved = {key: conf[key] for key in ("broker_url", "task_always_eager")}
    saved_environment = os.environ.get("CELERY_BROKER_URL")
    # Celery reads CELERY_BROKER_URL from the environment before its configuration (as CI sets it).
    os.environ["CELERY_BROKER_URL"] = conf.broker_url = redis.url(BROKER_DB)
    conf.task_always_eager = False
    current_app.amqp._producer_pool = None  # the pool was made for the old broker
    cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis.url(CACHE_DB),
             "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
    try:
        with override_settings(CACHES={"default": cache}):
            yield
    finally:
        if saved_environment is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_environment
        conf.update(saved)
        current_app.amqp._producer_pool = None


def build():
    """A small partnership, a held meeting with its register, and a strategy with returns.
    Returns (staff user, meeting, membership ids, strategy, quarter)."""
    from bench.generate import generate_partnership
    from bench.report import generate_strategy

    from .attendance import build as build_register

    generate_partnership(bodies=30, memberships=60, seed=5)
    meeting, memberships, staff = build_register(members=3)
    strategy, quarter = generate_strategy(indicators=8, quarters=4)
    return staff, meeting, memberships, strategy, quarter


def pages(meeting):
    """Every page without arguments, and a body's, a meeting's and its register."""
    from django.urls import get_resolver

    from partnerships.models import Body

    skip = {"logout", "report-request", "proposal-add", "review-open-periodic", "assessment-open", "publish"}
    found = []

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                walk(pattern, route)
            elif "<" not in route and not route.startswith("admin") and pattern.name not in skip:
                found.append("/" + route)

    walk(get_resolver())
    body = Body.objects.exclude(pk=meeting.body_id).order_by("pk").first()
    return sorted(set(found)) + [
        f"/structure/bodies/{body.slug}/", meeting.get_absolute_url(),
        reverse("meetings:attendance", kwargs={"pk": meeting.pk}),
    ]


def run_delivered_messages(redis):
    """What a worker does with the messages the broker now holds: run each task. Returns the
    names of the tasks run."""
    import redis as redis_client
    from celery import current_app

    client = redis_client.Redis.from_url(redis.url(BROKER_DB))
    ran = []
    while (raw := client.rpop(current_app.conf.task_default_queue)) is not None:
        message = json.loads(raw)
        args, kwargs, _ = json.loads(base64.b64decode(message["body"]))
        name = message["headers"]["task"]
        current_app.tasks[name].apply(args=args, kwargs=kwargs, throw=True)
        ran.append(name)
    return ran


def wait_until(check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return False


def run(*, redis, worker=None, log=print):
    """`worker`: None (quick form) or a callable starting a real worker, returning it."""
    from outbox.models import QueuedTask
    from outbox.services import send_queued
    from performance.models import PerformanceReport, ReportStatus

    staff, meeting, memberships, strategy, quarter = build()
    anonymous, signed_in = Client(raise_request_exception=False), Client(raise_request_exception=False)
    signed_in.force_login(staff)
    urls = pages(meeting)
    problems, figures = [], {}
    with portal_on_redis(redis):
        signed_in.get("/glossary/")  # the cache holds something when Redis goes
        redis.stop()
        log(f"redis: stopped; {len(urls)} pages as the public and as staff")
        started = time.perf_counter()
        codes = Counter()
        for url in urls:
            for who, client in (("public", anonymous), ("staff", signed_in)):
                status = client.get(url).status_code
                codes[status] += 1
                if status >= 500:
                    problems.append(f"{url} as {who} answered {status} with Redis down")
        figures["pages x 2 with Redis down"] = f"{len(urls)} ({', '.join(f'{k}: {v}' for k, v in sorted(codes.items()))})"
        figures["seconds for them"] = round(time.perf_counter() - started, 1)

        membership = memberships[0]
        row = signed_in.post(
            reverse("meetings:attendance-row", kwargs={"pk": meeting.pk, "membership_pk": membership}),
            {f"m{membership}-status": "present"}, **HTMX,
        )
        if row.status_code != 200 or "Saved" not in row.content.decode():
            problems.append(f"recording attendance with Redis down answered {row.status_code}")
        asked = signed_in.post(reverse("performance:report-request"), {"strategy": strategy.pk, "period": str(quarter)})
        status_page = signed_in.get(asked.get("Location", "/")) if asked.status_code == 302 else asked
        said = status_page.content.decode()
        if status_page.status_code != 200 or "waiting for the next free worker" not in said:
            problems.append(f"asking for a report with Redis down answered {asked.status_code}/{status_page.status_code}")
        queued = sorted(QueuedTask.objects.values_list("task", flat=True))
        figures["tasks waiting in the outbox"] = ", ".join(queued) or "none"
        expected = ["governance.tasks.review_attendance", "performance.tasks.render_report_task"]
        if queued != expected:
            problems.append(f"the outbox holds {queued}, expected {expected}")

        redis.start()
        back = time.monotonic()
        report = PerformanceReport.objects.get(strategy=strategy, period=str(quarter))
        if worker is None:
            from django.utils import timezone

            sent, waiting = send_queued(now=timezone.now() + timezone.timedelta(minutes=1))
            ran = run_delivered_messages(redis)
            figures["relayed / run in-process"] = f"{sent} / {len(ran)}"
            done = sent == 2 and sorted(ran) == expected
        else:
            running = worker()
            try:
                done = wait_until(lambda: not QueuedTask.objects.exists() and PerformanceReport.objects.filter(
                    pk=report.pk, status=ReportStatus.DONE).exists(), timeout=180)
                done = done and wait_until(lambda: "review_attendance" in running.read_log(), timeout=30)
            finally:
                running.stop()
            figures["report done after Redis back s"] = round(time.monotonic() - back, 1)
        report.refresh_from_db()
        figures["report"] = f"{report.status}, {report.pages or 0} pages"
        if not done or report.status != ReportStatus.DONE:
            problems.append("the waiting tasks did not all run once Redis was back")
        if QueuedTask.objects.exists():
            problems.append(f"{QueuedTask.objects.count()} tasks still waiting")
        after = anonymous.get("/structure/").status_code
        if after != 200:
            problems.append(f"with Redis back the structure page answered {after}")
    return figures, problems
