"""Celery tasks of the webhooks app (the `ingest` queue): they take ids and call services."""

from celery import shared_task

from . import services


@shared_task(name="hooklane.webhooks.tasks.requeue_stuck_logs", ignore_result=True)
def requeue_stuck_logs() -> int:
    """Queue again the logs no worker is moving on (run by beat every 30 seconds)."""
    return services.logs_requeue_stuck()


@shared_task(name="hooklane.webhooks.tasks.refresh_stored_bytes", ignore_result=True)
def refresh_stored_bytes() -> int:
    """Recount each organization's stored bytes for its quota (run by beat)."""
    return services.stored_bytes_refresh()


@shared_task(name="hooklane.webhooks.tasks.confirm_subscription", ignore_result=True)
def confirm_subscription(provider_id: str, url: str) -> bool:
    """Confirm an AWS SNS subscription whose SubscriptionConfirmation ingest answered."""
    return services.subscription_confirm(provider_id=provider_id, url=url)
