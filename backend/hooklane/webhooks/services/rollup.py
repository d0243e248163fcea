"""The hourly rollup of webhook logs (LogHourlyCount, LogHourlyEventTypeCount), advanced by
beat off the ingest path, one slice of received_at at a time."""

from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from ..models import SweepCursor
from .search import oldest_log_received_at

# Taken shared by the triggers of migration 0014 (the same number is written there).
ROLLUP_LOCK = 29384757210001
# A log is stored a few milliseconds after its received_at; a slice is counted once it is
# this old, so no log can still arrive in it. A log that did (a commit stalled longer than
# this) would be missing from the hourly counts, and only from them.
ROLLUP_LAG = timedelta(seconds=60)
# Each slice is one short transaction; during it, status changes wait for the lock. Hours
# more than a day old change rarely, so a backfill counts them an hour at a time.
ROLLUP_SLICE = timedelta(minutes=5)
ROLLUP_BACKFILL_SLICE = timedelta(hours=1)

_COUNT_SLICE = """
INSERT INTO webhook_log_hourly AS h (organization_id, hour, provider_id, status, count)
SELECT organization_id, date_trunc('hour', received_at, 'UTC'), provider_id, status, count(*)
FROM webhook_logs WHERE received_at >= %(start)s AND received_at < %(end)s
GROUP BY 1, 2, 3, 4
ON CONFLICT (organization_id, hour, provider_id, status)
DO UPDATE SET count = h.count + EXCLUDED.count
"""
_COUNT_SLICE_EVENT_TYPES = """
INSERT INTO webhook_log_hourly_event_types AS h (organization_id, hour, event_type, count)
SELECT organization_id, date_trunc('hour', received_at, 'UTC'), event_type, count(*)
FROM webhook_logs WHERE received_at >= %(start)s AND received_at < %(end)s
GROUP BY 1, 2, 3
ON CONFLICT (organization_id, hour, event_type)
DO UPDATE SET count = h.count + EXCLUDED.count
"""


def _floor_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def log_rollup_advance(*, now: datetime | None = None, slices: int = 200) -> datetime:
    """Count the logs of up to `slices` slices past the rollup's horizon into the hourly
    tables, each slice in its own transaction; returns the new horizon. Every log received
    before the horizon is counted once, with the status and event type it has now."""
    now = now or timezone.now()
    limit = now - ROLLUP_LAG
    position = None
    for _slice in range(slices):
        with transaction.atomic(), connection.cursor() as cursor:
            # Waits for every transaction whose trigger read the old horizon, and holds back
            # new ones until this commits (see migration 0014).
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROLLUP_LOCK])
            state = SweepCursor.objects.select_for_update().filter(name="rollup").first()
            if state is None:
                oldest = oldest_log_received_at()
                state = SweepCursor(name="rollup", position=_floor_hour(oldest or limit))
            position = state.position
            behind = limit - position > timedelta(days=1)
            end = min(limit, position + (ROLLUP_BACKFILL_SLICE if behind else ROLLUP_SLICE))
            if end <= position:
                break
            cursor.execute(_COUNT_SLICE, {"start": position, "end": end})
            cursor.execute(_COUNT_SLICE_EVENT_TYPES, {"start": position, "end": end})
            state.position = position = end
            state.save()
    return position
