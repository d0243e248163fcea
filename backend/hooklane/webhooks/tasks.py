"""Celery tasks of the webhooks app (the `ingest` queue): they take ids and call services."""

from celery import shared_task

from . import services


@shared_task(name="hooklane.webhooks.tasks.requeue_stuck_logs", ignore_result=True)
def requeue_stuck_logs() -> int:
    """Queue again the logs no worker is moving on (run by beat every 30 seconds)."""
    return services.logs_requeue_stuck()
