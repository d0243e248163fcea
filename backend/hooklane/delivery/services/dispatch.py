"""Getting deliveries to a worker: enqueue after commit, and re-enqueue what was lost."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hooklane.core import task_names
from hooklane.core.broker import enqueue

from ..models import Delivery


def enqueue_after_commit(delivery_ids: Iterable, *, countdown: float | None = None) -> None:
    """Queue one deliver_webhook per delivery once the current transaction commits."""
    enqueue(task_names.DELIVER_WEBHOOK, *([str(d)] for d in delivery_ids), countdown=countdown)


def deliveries_dispatch_due(*, limit: int = 1000, grace_seconds: float | None = None) -> int:
    """Enqueue due deliveries that no queued task is about to run: retries scheduled too far
    ahead for a countdown, and tasks lost with their worker or broker (a `delivering` row
    whose lease ran out). Returns how many were enqueued."""
    now = timezone.now()
    if grace_seconds is None:
        grace_seconds = settings.DELIVERY_DISPATCH_GRACE_SECONDS
    overdue = now - timedelta(seconds=grace_seconds)
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(
                status__in=[Delivery.Status.PENDING, Delivery.Status.DELIVERING],
                next_attempt_at__lte=now,
            )
            .filter(Q(dispatch_eta__isnull=True) | Q(dispatch_eta__lte=overdue))
            .order_by("next_attempt_at")
            .values_list("id", flat=True)[:limit]
        )
        if ids:
            # Marked as dispatched, so the next run leaves them alone for the grace period.
            Delivery.objects.filter(id__in=ids).update(dispatch_eta=now)
            enqueue_after_commit(ids)
    return len(ids)
