"""Celery tasks of the webhooks app (the `ingest` queue): they take ids and call services."""

from celery import shared_task

from hooklane.core.broker import enqueue
from hooklane.core.task_names import VERIFY_AWAITING_LOGS

from . import services


@shared_task(name="hooklane.webhooks.tasks.requeue_stuck_logs", ignore_result=True)
def requeue_stuck_logs() -> int:
    """Queue again the logs no worker is moving on (run by beat every 30 seconds), and the
    verification of captured logs whose provider has its secret by now."""
    for provider_id in services.providers_with_forgotten_awaiting_logs():
        enqueue(VERIFY_AWAITING_LOGS, [str(provider_id)])
    return services.logs_requeue_stuck()


@shared_task(name="hooklane.webhooks.tasks.refresh_stored_bytes", ignore_result=True)
def refresh_stored_bytes() -> int:
    """Recount each organization's stored bytes for its quota (run by beat)."""
    return services.stored_bytes_refresh()


@shared_task(name=VERIFY_AWAITING_LOGS, ignore_result=True)
def verify_awaiting_logs(provider_id: str) -> int:
    """Verify one batch of the logs a provider captured before it had a secret, and queue
    the next batch while there may be more."""
    limit = services.AWAITING_BATCH_SIZE
    settled = services.logs_verify_awaiting(provider_id=provider_id, limit=limit)
    if settled == limit:
        enqueue(VERIFY_AWAITING_LOGS, [provider_id])
    return settled


@shared_task(name="hooklane.webhooks.tasks.confirm_subscription", ignore_result=True)
def confirm_subscription(provider_id: str, url: str) -> bool:
    """Confirm an AWS SNS subscription whose SubscriptionConfirmation ingest answered."""
    return services.subscription_confirm(provider_id=provider_id, url=url)


@shared_task(name="hooklane.webhooks.tasks.index_logs_for_search", ignore_result=True)
def index_logs_for_search() -> int:
    """Build the search documents no worker built (run by beat every few seconds)."""
    return services.logs_index_search_sweep()


@shared_task(name="hooklane.webhooks.tasks.advance_log_rollup", ignore_result=True)
def advance_log_rollup() -> None:
    """Count the last minutes' logs into the hourly rollup of the stats (run by beat)."""
    services.log_rollup_advance()
