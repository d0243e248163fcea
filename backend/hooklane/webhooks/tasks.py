"""Celery tasks of the webhooks app (the `ingest` queue): they take ids and call services."""

from celery import shared_task

from hooklane.core.broker import publish

from . import services

PROCESS_WEBHOOK = "hooklane.webhooks.tasks.process_webhook"


# acks_late comes from CELERY_TASK_ACKS_LATE: a worker that dies mid-task gets the message
# redelivered, and log_process's conditional updates make the second run harmless.
# Results are never read, so none are stored (and publishing skips the result backend).
@shared_task(name=PROCESS_WEBHOOK, ignore_result=True)
def process_webhook(log_id: str) -> None:
    """Process one stored webhook."""
    services.log_process(log_id=log_id)


@shared_task(name="hooklane.webhooks.tasks.requeue_stuck_logs", ignore_result=True)
def requeue_stuck_logs() -> int:
    """Queue again the logs no worker is moving on (run by beat every 30 seconds)."""
    return services.logs_requeue_stuck()


def process_webhook_enqueue(log_id: str) -> None:
    """Send process_webhook(log_id) to its queue; broker errors propagate to the caller."""
    publish(process_webhook, [log_id])
