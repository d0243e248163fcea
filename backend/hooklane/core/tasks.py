"""Housekeeping tasks of the core app."""

from celery import shared_task


@shared_task(name="hooklane.core.tasks.ping")
def ping() -> str:
    """Answer through the broker: proves a worker is consuming (used by `make run` and tests)."""
    return "pong"
