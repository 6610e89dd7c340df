"""Celery entry points for performance: thin adapters that take ids and call services."""

from celery import shared_task  # noqa: F401
