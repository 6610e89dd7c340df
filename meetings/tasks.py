"""Celery entry points for meetings: thin adapters that take ids and call services."""

from celery import shared_task
