"""Reads for the dashboard: counts by status, provider and event type, and a time series."""

from datetime import datetime, timedelta
from uuid import UUID

from django.db import connection, transaction

from hooklane.accounts.models import Organization

from ..models import WebhookLog, WebhookProvider

BUCKET_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def _bucket_floor(moment: datetime, bucket: str) -> datetime:
    if bucket == "minute":
        return moment.replace(second=0, microsecond=0)
    if bucket == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


# One scan of the range answers every breakdown: GROUPING SETS aggregates by (bucket, status),
# (provider, status) and (event type) in a single pass over the covering index.
_STATS_SQL = """
SELECT date_trunc(%(bucket)s, received_at) AS bucket, provider_id, status, event_type,
       GROUPING(date_trunc(%(bucket)s, received_at), provider_id, event_type) AS grouping_id,
       count(*) AS n
FROM webhook_logs
WHERE organization_id = %(organization)s AND received_at >= %(start)s AND received_at < %(end)s
GROUP BY GROUPING SETS (
    (date_trunc(%(bucket)s, received_at), status), (provider_id, status), (event_type)
)
"""
# GROUPING() bits for (bucket, provider, event type): 1 means "not grouped by this column".
_BY_BUCKET, _BY_PROVIDER, _BY_EVENT_TYPE = 0b011, 0b101, 0b110

# Hour and day buckets: the whole hours below the rollup's horizon come from the hourly
# counts (services/rollup.py), and only the edges from the logs themselves: the part of the
# first hour after `start`, and everything from the horizon (or the last whole hour) to
# `end`. One statement, so the horizon and the counts it covers are read in one snapshot.
# The rows have the shape and GROUPING() bits of _STATS_SQL.
_ROLLED_STATS_SQL = """
WITH rollup AS (
    SELECT coalesce(
        (SELECT position FROM webhook_sweep_cursors WHERE name = 'rollup'), '-infinity'
    ) AS horizon
),
edges AS (
    SELECT greatest(%(hours_start)s, least(%(hours_end)s, (SELECT horizon FROM rollup))) AS cut
),
live AS MATERIALIZED (
    SELECT received_at, provider_id, status, event_type FROM webhook_logs
    WHERE organization_id = %(organization)s
      AND received_at >= %(start)s AND received_at < %(first_edge_end)s
    UNION ALL
    SELECT received_at, provider_id, status, event_type FROM webhook_logs
    WHERE organization_id = %(organization)s
      AND received_at >= (SELECT cut FROM edges) AND received_at < %(end)s
),
counts AS (
    SELECT hour AS at, provider_id, status, count AS n FROM webhook_log_hourly
    WHERE organization_id = %(organization)s
      AND hour >= %(hours_start)s AND hour < (SELECT cut FROM edges)
    UNION ALL
    SELECT received_at, provider_id, status, 1 FROM live
),
event_types AS (
    SELECT event_type, count AS n FROM webhook_log_hourly_event_types
    WHERE organization_id = %(organization)s
      AND hour >= %(hours_start)s AND hour < (SELECT cut FROM edges)
    UNION ALL
    SELECT event_type, 1 FROM live
)
SELECT date_trunc(%(bucket)s, at), provider_id, status, NULL::varchar,
       GROUPING(date_trunc(%(bucket)s, at), provider_id) * 2 + 1, sum(n)::bigint
FROM counts
GROUP BY GROUPING SETS ((date_trunc(%(bucket)s, at), status), (provider_id, status))
HAVING sum(n) <> 0  -- an hour whose logs all changed status or were deleted
UNION ALL
SELECT NULL, NULL, NULL, event_type, 6, sum(n)::bigint FROM event_types GROUP BY event_type
HAVING sum(n) <> 0
"""


def _ceil_hour(moment: datetime) -> datetime:
    floor = _bucket_floor(moment, "hour")
    return floor if floor == moment else floor + timedelta(hours=1)


def _stats_rows(*, organization: Organization, start: datetime, end: datetime, bucket: str):
    params = {"bucket": bucket, "organization": organization.id, "start": start, "end": end}
    sql = _STATS_SQL
    if bucket != "minute":
        hours_start = _ceil_hour(start)
        sql = _ROLLED_STATS_SQL
        params |= {
            "hours_start": hours_start,
            "hours_end": _bucket_floor(end, "hour"),
            "first_edge_end": min(hours_start, end),
        }
    with transaction.atomic(), connection.cursor() as cursor:
        # Enough memory to hash every grouping set; the default 4 MB sorts on disk at ~80k rows.
        cursor.execute("SET LOCAL work_mem = '32MB'")
        cursor.execute(sql, params)
        return cursor.fetchall()


def log_stats(*, organization: Organization, start: datetime, end: datetime, bucket: str) -> dict:
    """Counts by status, provider and event type, and a zero-filled time series of received,
    delivered and failed logs in [start, end), from one grouped statement: over the logs for
    minute buckets, over the hourly rollup and the edges of the range for hour and day."""
    rows = _stats_rows(organization=organization, start=start, end=end, bucket=bucket)

    empty_point = {"received": 0, "delivered": 0, "failed": 0}
    series: dict[datetime, dict[str, int]] = {}
    by_status: dict[str, int] = {}
    by_provider: dict[UUID, dict[str, int]] = {}
    event_types: list[dict] = []
    for moment, provider_id, status, event_type, grouping_id, count in rows:
        if grouping_id == _BY_BUCKET:
            point = series.setdefault(moment, dict(empty_point))
            point["received"] += count
            if status in (WebhookLog.Status.DELIVERED, WebhookLog.Status.FAILED):
                point[status] += count
            by_status[status] = by_status.get(status, 0) + count
        elif grouping_id == _BY_PROVIDER:
            provider = by_provider.setdefault(provider_id, {"count": 0, "failed": 0})
            provider["count"] += count
            if status == WebhookLog.Status.FAILED:
                provider["failed"] += count
        elif grouping_id == _BY_EVENT_TYPE:
            event_types.append({"event_type": event_type, "count": count})

    providers = {
        p.id: p
        for p in WebhookProvider.objects.filter(organization=organization, id__in=by_provider)
    }
    points = []
    moment = _bucket_floor(start, bucket)
    step = timedelta(seconds=BUCKET_SECONDS[bucket])
    while moment < end:
        points.append({"bucket": moment, **series.get(moment, empty_point)})
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
        "top_event_types": sorted(event_types, key=lambda e: (-e["count"], e["event_type"]))[:10],
        "series": points,
    }
