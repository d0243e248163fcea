"""Ingest's side of the organization quotas: admit a verified webhook, recount stored bytes."""

import logging
import time

from django.db.models import Sum
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from hooklane.accounts.models import Organization
from hooklane.accounts.quotas import Refusal, ingest_admit, ingest_limits, stored_bytes_set

from ..cache import IngestProvider
from ..models import WebhookLog

logger = logging.getLogger(__name__)

# While Redis is away every request would log the same line; once a minute says it.
_WARN_EVERY_SECONDS = 60.0
_warned_at = -_WARN_EVERY_SECONDS


def ingest_quota_check(*, provider: IngestProvider, size: int) -> Refusal | None:
    """None when the provider's organization may store `size` more bytes now (they are then
    counted as stored); else why not and when to retry. Fails open: while Redis is
    unreachable every webhook is admitted, as ingest did before quotas."""
    global _warned_at
    limits = ingest_limits(
        rate_per_second=provider.rate_per_second,
        burst=provider.rate_burst,
        stored_bytes=provider.stored_bytes_quota,
    )
    try:
        return ingest_admit(organization_id=provider.organization_id, limits=limits, size=size)
    except (ConnectionInterrupted, RedisError, OSError):
        now = time.monotonic()
        if now - _warned_at >= _WARN_EVERY_SECONDS:
            _warned_at = now
            logger.warning("quota store unreachable; admitting webhooks without quota checks")
        return None


def stored_bytes_refresh() -> int:
    """Recount every organization's stored bytes from PostgreSQL into the quota counts
    (run by beat every INGEST_USAGE_REFRESH_SECONDS). Returns how many organizations."""
    stored = dict.fromkeys(Organization.objects.values_list("id", flat=True), 0)
    totals = WebhookLog.objects.values_list("organization_id").annotate(total=Sum("size_bytes"))
    for organization_id, total in totals.order_by():
        stored[organization_id] = total or 0
    stored_bytes_set(stored=stored)
    return len(stored)
