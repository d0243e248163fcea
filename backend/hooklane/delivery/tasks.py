"""Celery tasks of the delivery app: each takes ids and calls a service. Their results are
never read, so none are stored (publishing then skips the result backend too).

Every task is safe to run twice (late acknowledgement redelivers a task whose worker died):
the services claim rows before acting and do nothing when there is nothing to do.
"""

from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from hooklane.core import logs, task_names
from hooklane.core.broker import enqueue
from hooklane.webhooks import services as webhook_services

from . import services
from .models import ReplayJob
from .services.channels import ChannelSendFailed


# Routed to the `ingest` queue (CELERY_TASK_ROUTES): ingest publishes it by name.
@shared_task(name=task_names.PROCESS_WEBHOOK, ignore_result=True)
def process_webhook(log_id: str) -> None:
    """Route one stored webhook to its destinations (a no-op for a log already routed)."""
    logs.bind(log_id=log_id)
    services.log_route(log_id=log_id)
    # After routing, so deliveries start first: the log's search document, built here
    # rather than in ingest's INSERT (a beat sweep covers the logs no worker routes).
    webhook_services.logs_index_search(log_ids=[log_id])


@shared_task(name=task_names.DELIVER_WEBHOOK, ignore_result=True)
def deliver_webhook(delivery_id: str) -> str | None:
    """Make the next attempt of one delivery (queue: deliveries)."""
    logs.bind(delivery_id=delivery_id)
    return services.delivery_attempt(delivery_id=delivery_id)


@shared_task(name="hooklane.delivery.tasks.dispatch_due_deliveries", ignore_result=True)
def dispatch_due_deliveries() -> int:
    """Beat, every few seconds: enqueue due retries and deliveries whose worker was lost."""
    services.deliveries_key_missing()
    return services.deliveries_dispatch_due()


# Routed to the `default` (maintenance) queue: a tenant's big job never waits behind, or
# holds up, deliveries.
@shared_task(name=task_names.RUN_REPLAY_JOB, ignore_result=True)
def run_replay_job(job_id: str) -> None:
    """Run a job (bulk replay, provider resume or delete, destination delete) for a few
    seconds, then queue the rest as a new task."""
    try:
        more = services.job_run(job_id=job_id)
    except Exception as exc:
        ReplayJob.objects.filter(pk=job_id).exclude(status__in=ReplayJob.FINISHED_STATUSES).update(
            status=ReplayJob.Status.FAILED, error=str(exc)[:1000], finished_at=timezone.now()
        )
        raise
    if more:
        enqueue(task_names.RUN_REPLAY_JOB, [job_id])


# Both on the `email` queue: notifications are their own work class, so a slow chat service
# never holds a delivery process.
@shared_task(name=task_names.NOTIFY_ISSUE, ignore_result=True)
def notify_issue(issue_id: str, event: str) -> int:
    """Queue one message per channel of the issue's organization that wants its kind."""
    return services.issue_notify(issue_id=issue_id, event=event)


@shared_task(
    name=task_names.SEND_CHANNEL_MESSAGE,
    autoretry_for=(ChannelSendFailed, SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def send_channel_message(channel_id: str, issue_id: str, event: str) -> bool:
    """Send one notification channel its message about one issue."""
    outcome = services.channel_send_issue(channel_id=channel_id, issue_id=issue_id, event=event)
    return bool(outcome and outcome.delivered)


@shared_task(name="hooklane.delivery.tasks.prune_expired_logs", ignore_result=True)
def prune_expired_logs() -> int:
    """Beat, hourly: delete logs past their organization's retention."""
    return services.logs_prune_expired()
