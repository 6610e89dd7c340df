"""The Celery configuration the long tasks rely on."""

from config.celery import app


def test_task_settings_follow_celerys_advice_for_long_jobs():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_soft_time_limit < conf.task_time_limit
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
    assert conf.worker_max_tasks_per_child
