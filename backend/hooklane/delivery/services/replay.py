"""Replays: one log again, or a background job (services.jobs) replaying every log a filter
matches."""

from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from hooklane.accounts.audit import audit_record
from hooklane.accounts.models import AuditEvent, Organization
from hooklane.core import task_names
from hooklane.core.broker import enqueue
from hooklane.core.errors import Conflict, JobStopped
from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.selectors import LogFilters

from ..models import Destination, ReplayJob
from ..selectors import (
    REPLAYABLE_LOG_STATUSES,
    after_cursor,
    destinations_for_log,
    filters_from_json,
    filters_to_json,
    replay_log_queryset,
)
from .routing import deliveries_reopen, log_refresh_status

# The columns a replay reads of a log (its routing keys and the keyset cursor); never the
# body, payload, headers or search vector.
_REPLAY_FIELDS = ("id", "organization_id", "provider_id", "event_type", "received_at")


def _replay(log: WebhookLog, destination: Destination | None) -> int:
    destinations = [destination] if destination else destinations_for_log(log=log)
    with transaction.atomic():
        opened = deliveries_reopen(log=log, destinations=destinations)
        log_refresh_status(log_id=log.id)
    return len(opened)


def log_replay(*, log: WebhookLog, destination: Destination | None = None, request=None) -> int:
    """Deliver a log again, as a new cycle of attempts under the same webhook-id, to every
    destination that matches it now or to one named destination; returns how many
    deliveries were queued (those already in flight are left to finish)."""
    if log.status not in REPLAYABLE_LOG_STATUSES:
        raise Conflict(f"A {log.status} webhook cannot be replayed.")
    with transaction.atomic():
        count = _replay(log, destination)
        audit_record(
            organization=log.organization,
            action=AuditEvent.Action.LOG_REPLAY,
            request=request,
            target=log,
            metadata={
                "destination_id": str(destination.id) if destination else None,
                "deliveries": count,
            },
        )
    return count


def log_bulk_replay_count(*, organization: Organization, filters: LogFilters) -> int:
    """How many logs a bulk replay with these filters would replay."""
    return replay_log_queryset(organization=organization, filters=filters).count()


@transaction.atomic
def replay_job_create(
    *,
    organization: Organization,
    filters: LogFilters,
    destination: Destination | None = None,
    created_by=None,
    request=None,
) -> ReplayJob:
    """Start a bulk replay job over the logs the filters match, received before now (logs
    arriving later are routed normally, not replayed)."""
    now = timezone.now()
    if not filters.received_before or filters.received_before > now:
        filters = replace(filters, received_before=now)
    stored = filters_to_json(filters)
    job = ReplayJob.objects.create(
        organization=organization,
        created_by=created_by,
        filters=stored,
        destination=destination,
        single_destination=destination is not None,
        total=log_bulk_replay_count(organization=organization, filters=filters),
    )
    audit_record(
        organization=organization,
        action=AuditEvent.Action.LOG_BULK_REPLAY,
        request=request,
        target=job,
        metadata={
            "filters": stored,
            "destination_id": str(destination.id) if destination else None,
            "total": job.total,
        },
    )
    enqueue(task_names.RUN_REPLAY_JOB, [str(job.id)])
    return job


def replay_job_step(job: ReplayJob, batch_size: int) -> bool:
    """Replay the job's next batch of logs after its keyset cursor (the job row is locked by
    the caller, jobs.job_run_batch); returns whether more remain."""
    if job.single_destination and job.destination_id is None:
        raise JobStopped("The destination was deleted.")
    logs = after_cursor(
        replay_log_queryset(organization=job.organization, filters=filters_from_json(job.filters)),
        job.cursor,
    )
    # Only what routing reads: a batch of 1 MiB bodies would otherwise be loaded whole.
    batch = list(logs.only(*_REPLAY_FIELDS)[:batch_size])
    for log in batch:
        job.replayed += _replay(log, job.destination)
    job.done += len(batch)
    if batch:
        last = batch[-1]
        job.cursor = {"received_at": last.received_at.isoformat(), "id": str(last.id)}
    return len(batch) == batch_size
