"""Background jobs: work too large for one request, done in bounded batches by one task
(run_replay_job, queue `default`) with progress people can poll at /api/v1/jobs/{id}/.

A bulk replay, a provider's resume (its held logs released) and delete (its logs deleted),
and a destination's delete (its deliveries cancelled and detached) are each a kind of
ReplayJob. Each batch is one transaction that locks the job row and records its progress,
and each kind's step only touches what is left to do, so a task delivered twice, or run again
after its worker died, picks up where the last committed batch ended.
"""

import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hooklane.accounts.models import Organization
from hooklane.core import task_names
from hooklane.core.broker import enqueue
from hooklane.core.errors import Conflict, JobStopped
from hooklane.webhooks.models import WebhookProvider
from hooklane.webhooks.services import (
    logs_release_held,
    provider_delete_batch,
    provider_delete_begin,
    provider_resume,
)

from ..models import Destination, ReplayJob
from .destinations import destination_delete_batch, destination_delete_begin
from .replay import replay_job_step

Kind = ReplayJob.Kind


def _provider_resume_step(job: ReplayJob, batch_size: int) -> bool:
    # Paused again (or deleted) meanwhile: what is still held stays held, and the job ends.
    if not WebhookProvider.objects.filter(pk=job.target_id, is_active=True).exists():
        return False
    released = logs_release_held(provider_id=job.target_id, limit=batch_size)
    job.done += released
    return released == batch_size


def _provider_delete_step(job: ReplayJob, batch_size: int) -> bool:
    deleted = provider_delete_batch(provider_id=job.target_id, limit=batch_size)
    job.done += deleted
    return deleted > 0


def _destination_delete_step(job: ReplayJob, batch_size: int) -> bool:
    detached = destination_delete_batch(destination_id=job.target_id, limit=batch_size)
    job.done += detached
    return detached > 0


# Each step does one batch of its job, inside the job's locked transaction, and says
# whether more remain.
_STEPS = {
    Kind.REPLAY: replay_job_step,
    Kind.PROVIDER_RESUME: _provider_resume_step,
    Kind.PROVIDER_DELETE: _provider_delete_step,
    Kind.DESTINATION_DELETE: _destination_delete_step,
}


def _start(*, organization: Organization, kind: str, target, total: int, created_by) -> ReplayJob:
    job = ReplayJob.objects.create(
        organization=organization,
        kind=kind,
        target_id=target.pk,
        target_name=str(getattr(target, "display_name", "") or getattr(target, "name", ""))[:200],
        created_by=created_by,
        total=total,
    )
    enqueue(task_names.RUN_REPLAY_JOB, [str(job.id)])
    return job


@transaction.atomic
def provider_resume_start(*, provider: WebhookProvider, created_by=None, request=None) -> ReplayJob:
    """Resume a paused provider now and release the logs it held by a job."""
    held = provider_resume(provider=provider, request=request)
    return _start(
        organization=provider.organization,
        kind=Kind.PROVIDER_RESUME,
        target=provider,
        total=held,
        created_by=created_by,
    )


@transaction.atomic
def provider_delete_start(*, provider: WebhookProvider, created_by=None, request=None) -> ReplayJob:
    """Take a provider out of service now and delete it with its logs by a job."""
    logs = provider_delete_begin(provider=provider, request=request)
    return _start(
        organization=provider.organization,
        kind=Kind.PROVIDER_DELETE,
        target=provider,
        total=logs,
        created_by=created_by,
    )


@transaction.atomic
def destination_delete_start(
    *, destination: Destination, created_by=None, request=None
) -> ReplayJob:
    """Take a destination out of service now and delete it by a job."""
    rows = destination_delete_begin(destination=destination, request=request)
    return _start(
        organization=destination.organization,
        kind=Kind.DESTINATION_DELETE,
        target=destination,
        total=rows,
        created_by=created_by,
    )


def job_cancel(*, job: ReplayJob, request=None) -> ReplayJob:
    """Stop a queued or running bulk replay after its current batch; logs replayed so far
    stay so. A resume or a delete cannot be cancelled: it has already taken effect."""
    if job.kind != Kind.REPLAY:
        raise Conflict(f"A {job.get_kind_display().lower()} job cannot be cancelled.")
    cancelled = ReplayJob.objects.filter(
        pk=job.pk, status__in=[ReplayJob.Status.QUEUED, ReplayJob.Status.RUNNING]
    ).update(status=ReplayJob.Status.CANCELLED, finished_at=timezone.now())
    job.refresh_from_db()
    if not cancelled:
        raise Conflict(f"The job is already {job.status}.")
    return job


def job_run_batch(*, job_id, batch_size: int | None = None) -> bool:
    """Do the job's next batch; returns whether more remain.

    The job row is locked for the batch and its progress saved in the same transaction, so
    a task delivered twice never does a batch twice."""
    batch_size = batch_size or settings.REPLAY_BATCH_SIZE
    with transaction.atomic():
        job = (
            ReplayJob.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("organization", "destination")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status in ReplayJob.FINISHED_STATUSES:
            return False
        try:
            more = _STEPS[job.kind](job, batch_size)
        except JobStopped as exc:
            more, job.status, job.error = False, ReplayJob.Status.FAILED, str(exc.detail)
        else:
            job.status = ReplayJob.Status.RUNNING if more else ReplayJob.Status.DONE
        if not more:
            job.finished_at = timezone.now()
        job.save()
    return more


def job_run(*, job_id, budget_seconds: float = 5.0) -> bool:
    """Run batches for about `budget_seconds`; returns whether the job needs another turn
    (the task then queues itself again, so no single task runs long)."""
    deadline = time.monotonic() + budget_seconds
    while job_run_batch(job_id=job_id):
        if time.monotonic() >= deadline:
            return True
    return False
