"""SIGKILL the Celery worker while it renders a quarterly report.

A worker (prefork, one child, production's Celery settings: acks_late, reject_on_worker_lost,
prefetch 1) takes a requested report; once the report is rendering, the scenario kills
- `child`: the pool child running the render (the OOM killer's usual victim). The worker sees
  it lost, rejects the message back to the queue (reject_on_worker_lost) and a new child renders
  the report again; or
- `worker`: the whole worker, parent and children (`docker kill`, a host reboot), and starts a
  new one. The message was never acknowledged (acks_late), so Redis hands it out again once its
  visibility timeout has passed (CELERY_VISIBILITY_TIMEOUT; shortened for the run).
Either way exactly one report must be stored: one report row, done, with one PDF file, because
the task is idempotent (performance/reporting.py: a done report is not rendered again, and the
file is written under a row lock).

`run()` needs a configured Django on PostgreSQL with an empty schema (the worker is another
process on the same database) and a PrivateRedis for the broker.
"""

import time
from pathlib import Path

from django.conf import settings

from .redis import BROKER_DB, portal_on_redis, wait_until
from .servers import CeleryWorker, production_environment

VISIBILITY_TIMEOUT = 15


def database_url():
    """The URL of the database this process uses (the test database under pytest)."""
    from django.db import connection

    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _stored_files(report):
    """The report's PDFs on disk (its name comes from performance/reporting.py's _store)."""
    root = Path(settings.MEDIA_ROOT)
    name = f"{report.strategy.slug}-{report.period}-report-{report.pk}*.pdf"
    return sorted(str(path.relative_to(root)) for path in root.rglob(name))


def run(*, redis, kill="child", indicators=120, quarters=8, production=True, log=print):
    import os
    import signal

    from django.contrib.auth import get_user_model

    from bench.report import generate_strategy
    from performance import reporting
    from performance.models import PerformanceReport, ReportStatus

    strategy, quarter = generate_strategy(indicators=indicators, quarters=quarters)
    for leftover in Path(settings.MEDIA_ROOT).rglob(f"{strategy.slug}-*-report-*.pdf"):
        leftover.unlink()  # an earlier run's report of the same generated strategy and number
    user = get_user_model().objects.create_user(username="fault-staff", email="fault-staff@example.org", is_staff=True)
    environment = production_environment(
        database_url(), CELERY_BROKER_URL=redis.url(BROKER_DB), MEDIA_ROOT=settings.MEDIA_ROOT,
        CELERY_VISIBILITY_TIMEOUT=VISIBILITY_TIMEOUT, LOG_LEVEL="INFO",
        # Without the static manifest (a quick run), DEBUG only changes how static files are named.
        **({} if production else {"DEBUG": "1"}),
    )
    worker = CeleryWorker(environment, beat=False).start()
    problems, figures = [], {"killed": "the pool child" if kill == "child" else "the whole worker, then restarted"}
    try:
        with portal_on_redis(redis):
            report, _ = reporting.request_report(strategy=strategy, period=quarter, user=user)
        rendering = wait_until(
            lambda: PerformanceReport.objects.filter(pk=report.pk, status=ReportStatus.RENDERING).exists(), timeout=60
        )
        if not rendering:
            problems.append("the report never started rendering")
            return figures, problems
        time.sleep(0.5)  # well inside WeasyPrint
        report.refresh_from_db()
        if report.status != ReportStatus.RENDERING:
            problems.append(f"the render finished before the kill ({report.status}): use a larger report")
        killed_at = time.monotonic()
        if kill == "child":
            children = worker.children()
            for pid in children:
                os.kill(pid, signal.SIGKILL)
            figures["processes killed"] = len(children)
        else:
            worker.kill()
            worker = CeleryWorker(environment, beat=False).start()
        log(f"worker: killed {figures['killed']} while it rendered report {report.pk}")
        done = wait_until(
            lambda: PerformanceReport.objects.filter(pk=report.pk, status=ReportStatus.DONE).exists(),
            timeout=VISIBILITY_TIMEOUT + 120,
        )
        figures["report done after the kill s"] = round(time.monotonic() - killed_at, 1)
        time.sleep(1)  # a duplicate delivery would be under way by now
    finally:
        worker.stop()
    reports = PerformanceReport.objects.filter(strategy=strategy, period=str(quarter))
    files = _stored_files(report)
    report.refresh_from_db()
    log_text = worker.read_log()
    figures.update({
        "deliveries of the task": sum(
            "render_report_task[" in line and "received" in line.lower() for line in log_text.splitlines()
        ),
        "reports for the quarter": reports.count(),
        "status": f"{report.status}, {report.pages or 0} pages",
        "PDF files stored": len(files),
    })
    if not done:
        problems.append(f"the report was not done after the kill (status {report.status})")
    if reports.count() != 1:
        problems.append(f"{reports.count()} reports for the quarter, expected exactly one")
    if len(files) != 1 or not (report.file and files[0].endswith(report.file.name)):
        problems.append(f"stored files {files}, expected exactly the report's own")
    if kill == "child" and "WorkerLostError" not in log_text:
        problems.append("the worker did not notice its child was lost")
    return figures, problems
