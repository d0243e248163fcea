"""Deleting webhook logs past their organization's retention, a small batch at a time."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from hooklane.accounts.models import Organization
from hooklane.webhooks.models import WebhookLog

from ..models import Delivery

# A log still on its way (not yet routed, or held by a paused provider) is work in flight.
_LOG_IN_FLIGHT = (
    WebhookLog.Status.RECEIVED,
    WebhookLog.Status.PROCESSING,
    WebhookLog.Status.HELD,
)


def logs_prune_expired(*, batch_size: int | None = None, now=None) -> int:
    """Delete every log older than its organization's retention_days, with its deliveries
    and attempts, unless work on it is still in flight: a delivery pending, delivering
    (retries included) or held, or the log itself not yet routed or held. Such a log goes
    in a later sweep, once that work has ended. Returns how many logs were deleted.

    Each batch of ids is its own short transaction, so no lock is held across the whole
    sweep and ingest keeps writing meanwhile. The batch's log rows are locked first (a
    replay reopening one of them updates the log's status, so it waits for, or is skipped
    by, the sweep) and checked for open deliveries under that lock."""
    batch_size = batch_size or settings.RETENTION_BATCH_SIZE
    now = now or timezone.now()
    deleted = 0
    for org_id, days in Organization.objects.values_list("id", "retention_days").order_by("id"):
        cutoff = now - timedelta(days=days)
        while True:
            with transaction.atomic():
                ids = list(
                    WebhookLog.objects.select_for_update(skip_locked=True)
                    .filter(organization_id=org_id, received_at__lt=cutoff)
                    .exclude(status__in=_LOG_IN_FLIGHT)
                    .exclude(
                        Exists(
                            Delivery.objects.filter(
                                log_id=OuterRef("pk"), status__in=Delivery.OPEN_STATUSES
                            )
                        )
                    )
                    .order_by("received_at")
                    .values_list("id", flat=True)[:batch_size]
                )
                if ids:
                    WebhookLog.objects.filter(id__in=ids).delete()
            deleted += len(ids)
            if len(ids) < batch_size:
                break
    return deleted
