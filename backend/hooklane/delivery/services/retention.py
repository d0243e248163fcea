"""Deleting webhook logs past their organization's retention, a small batch at a time."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hooklane.accounts.models import Organization
from hooklane.webhooks.models import WebhookLog


def logs_prune_expired(*, batch_size: int | None = None, now=None) -> int:
    """Delete every log older than its organization's retention_days, with its deliveries
    and attempts; returns how many logs were deleted.

    Each batch of ids is its own short transaction, so no lock is held across the whole
    sweep and ingest keeps writing meanwhile."""
    batch_size = batch_size or settings.RETENTION_BATCH_SIZE
    now = now or timezone.now()
    deleted = 0
    for org_id, days in Organization.objects.values_list("id", "retention_days").order_by("id"):
        cutoff = now - timedelta(days=days)
        while True:
            with transaction.atomic():
                ids = list(
                    WebhookLog.objects.filter(organization_id=org_id, received_at__lt=cutoff)
                    .order_by("received_at")
                    .values_list("id", flat=True)[:batch_size]
                )
                if ids:
                    WebhookLog.objects.filter(id__in=ids).delete()
            deleted += len(ids)
            if len(ids) < batch_size:
                break
    return deleted
