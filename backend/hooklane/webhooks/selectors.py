"""Reads of webhook logs: the filtered list (shared by the log API and bulk replay) and stats."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, QuerySet
from django.db.models.functions import Trunc

from hooklane.accounts.models import Organization
from hooklane.core.lookups import wildcard_to_like

from .models import WebhookLog, WebhookProvider


@dataclass(frozen=True, kw_only=True)
class LogFilters:
    """What the log list and bulk replay select by; every field is optional."""

    providers: list[UUID] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    event_type: str = ""  # `*` is a wildcard: "invoice.*", "*.paid"
    received_after: datetime | None = None
    received_before: datetime | None = None
    q: str = ""  # full-text over payload values, header values, event id and type


def log_filter(queryset: QuerySet[WebhookLog], filters: LogFilters) -> QuerySet[WebhookLog]:
    """Apply LogFilters to a queryset that is already scoped to one organization."""
    if filters.providers:
        queryset = queryset.filter(provider_id__in=filters.providers)
    if filters.statuses:
        queryset = queryset.filter(status__in=filters.statuses)
    if filters.event_type:
        if "*" in filters.event_type:
            queryset = queryset.filter(event_type__like=wildcard_to_like(filters.event_type))
        else:
            queryset = queryset.filter(event_type=filters.event_type)
    if filters.received_after:
        queryset = queryset.filter(received_at__gte=filters.received_after)
    if filters.received_before:
        queryset = queryset.filter(received_at__lt=filters.received_before)
    if filters.q.strip():
        query = SearchQuery(filters.q.strip(), config="simple", search_type="websearch")
        queryset = queryset.filter(search_vector=query)
    return queryset


def log_list(*, organization: Organization, filters: LogFilters) -> QuerySet[WebhookLog]:
    """The organization's logs matching the filters, newest first, without the heavy columns."""
    queryset = WebhookLog.objects.filter(organization=organization)
    return (
        log_filter(queryset, filters)
        .select_related("provider")
        .defer("body", "payload", "headers", "search_vector")
        .order_by("-received_at", "-id")
    )


BUCKET_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def _bucket_floor(moment: datetime, bucket: str) -> datetime:
    if bucket == "minute":
        return moment.replace(second=0, microsecond=0)
    if bucket == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def log_stats(*, organization: Organization, start: datetime, end: datetime, bucket: str) -> dict:
    """Counts by status, provider and event type, and a zero-filled time series of received,
    delivered and failed logs in [start, end), computed in SQL (two grouped scans)."""
    scoped = WebhookLog.objects.filter(
        organization=organization, received_at__gte=start, received_at__lt=end
    )
    grouped = (
        scoped.annotate(bucket=Trunc("received_at", bucket, tzinfo=UTC))
        .values("bucket", "status", "provider_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    series: dict[datetime, dict[str, int]] = {}
    by_status: dict[str, int] = {}
    by_provider: dict[UUID, dict[str, int]] = {}
    for row in grouped:
        point = series.setdefault(row["bucket"], {"received": 0, "delivered": 0, "failed": 0})
        point["received"] += row["count"]
        if row["status"] in (WebhookLog.Status.DELIVERED, WebhookLog.Status.FAILED):
            point[row["status"]] += row["count"]
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["count"]
        provider = by_provider.setdefault(row["provider_id"], {"count": 0, "failed": 0})
        provider["count"] += row["count"]
        if row["status"] == WebhookLog.Status.FAILED:
            provider["failed"] += row["count"]

    top_event_types = list(
        scoped.values("event_type")
        .annotate(count=Count("id"))
        .order_by("-count", "event_type")[:10]
    )
    providers = {
        p.id: p
        for p in WebhookProvider.objects.filter(organization=organization, id__in=by_provider)
    }

    points = []
    moment = _bucket_floor(start, bucket)
    step = timedelta(seconds=BUCKET_SECONDS[bucket])
    while moment < end:
        points.append(
            {"bucket": moment, **series.get(moment, {"received": 0, "delivered": 0, "failed": 0})}
        )
        moment += step

    total = sum(by_status.values())
    failed = by_status.get(WebhookLog.Status.FAILED, 0)
    return {
        "start": start,
        "end": end,
        "bucket": bucket,
        "total": total,
        "failure_rate": failed / total if total else 0.0,
        "by_status": [
            {"status": status, "count": count}
            for status, count in sorted(by_status.items(), key=lambda item: -item[1])
        ],
        "by_provider": [
            {
                "provider_id": provider_id,
                "display_name": providers[provider_id].display_name,
                "provider_name": providers[provider_id].provider_name,
                **counts,
            }
            for provider_id, counts in sorted(by_provider.items(), key=lambda i: -i[1]["count"])
            if provider_id in providers
        ],
        "top_event_types": top_event_types,
        "series": points,
    }
