"""Search documents of webhook logs, built off the ingest path: by the worker that processes
a log, and by a beat sweep for the logs no worker routes (rejected, handshakes, captured,
held) or that were stored before this table existed."""

import uuid
from datetime import datetime, timedelta

from django.db import OperationalError, connection, transaction
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

from hooklane.accounts.models import Organization

from ..db_models.webhook_log_model import _SearchDocument
from ..models import SweepCursor, WebhookLog

_PROGRAM_LIMIT_EXCEEDED = "54000"  # "string is too long for tsvector"
SWEEP_BATCH = 2000
# A log is stored by one autocommitted statement a few milliseconds after its received_at;
# the sweep reads this far behind the clock and rereads this much before its cursor, so a
# slow commit is still found (the anti-join makes rereading cheap).
SWEEP_LAG = timedelta(seconds=2)
SWEEP_OVERLAP = timedelta(seconds=60)
# One sweep step reads at most this much of received_at, so a backfill of a large table goes
# in bounded statements (the BRIN index on received_at finds the pages).
SWEEP_WINDOW = timedelta(minutes=10)

_DOCUMENT = _SearchDocument.template
# Without the payload: a JSON body whose words overflow a tsvector (1 MB) is found by its
# headers, id and type only.
_DOCUMENT_WITHOUT_PAYLOAD = _DOCUMENT.replace("coalesce(payload, 'null'::jsonb)", "'null'::jsonb")
_UPSERT = """
INSERT INTO webhook_log_search (log_id, organization_id, document)
SELECT id, organization_id, {document} FROM webhook_logs WHERE id = ANY(%s)
ON CONFLICT (log_id) DO UPDATE SET document = EXCLUDED.document
"""  # the document's SQL is ours; ids are a parameter
_UNINDEXED = """
SELECT log.id, log.received_at FROM webhook_logs AS log
WHERE log.received_at >= %(since)s AND log.received_at < %(until)s
  AND NOT EXISTS (SELECT 1 FROM webhook_log_search AS s WHERE s.log_id = log.id)
ORDER BY log.received_at
LIMIT %(limit)s
"""


def _upsert(cursor, ids: list[uuid.UUID], document: str) -> None:
    cursor.execute(_UPSERT.format(document=document), [ids])


def logs_index_search(*, log_ids: list[uuid.UUID]) -> None:
    """Build (or rebuild: an id and type set by a later verification) the search document
    of each log; logs that are gone are skipped."""
    if not log_ids:
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                _upsert(cursor, log_ids, _DOCUMENT)
        except OperationalError as exc:
            if getattr(exc.__cause__, "sqlstate", None) != _PROGRAM_LIMIT_EXCEEDED:
                raise
            for log_id in log_ids:
                try:
                    with transaction.atomic():
                        _upsert(cursor, [log_id], _DOCUMENT)
                except OperationalError as inner:
                    if getattr(inner.__cause__, "sqlstate", None) != _PROGRAM_LIMIT_EXCEEDED:
                        raise
                    with transaction.atomic():
                        _upsert(cursor, [log_id], _DOCUMENT_WITHOUT_PAYLOAD)


def oldest_log_received_at() -> datetime | None:
    """When the oldest stored log arrived, through each organization's (organization,
    received_at) index rather than a scan of the table."""
    first = (
        WebhookLog.objects.filter(organization=OuterRef("pk"))
        .order_by("received_at")
        .values("received_at")[:1]
    )
    return Organization.objects.annotate(first=Subquery(first)).aggregate(oldest=Min("first"))[
        "oldest"
    ]


def logs_index_search_sweep(*, steps: int = 50, now: datetime | None = None) -> int:
    """Index the logs that have no search document yet, in received_at order from where the
    last sweep stopped, at most `steps` batches; returns how many were indexed."""
    now = now or timezone.now()
    until_now = now - SWEEP_LAG
    state = SweepCursor.objects.filter(name="search").first()
    if state is None:
        oldest = oldest_log_received_at()
        state = SweepCursor(name="search", position=oldest or until_now)
    indexed = 0
    for _step in range(steps):
        if state.position >= until_now:
            break
        until = min(until_now, state.position + SWEEP_WINDOW)
        with connection.cursor() as cursor:
            cursor.execute(
                _UNINDEXED,
                {
                    "since": state.position - SWEEP_OVERLAP,
                    "until": until,
                    "limit": SWEEP_BATCH,
                },
            )
            rows = cursor.fetchall()
        logs_index_search(log_ids=[row[0] for row in rows])
        indexed += len(rows)
        # A full batch may have left logs of the same window: go on from the last one read.
        state.position = rows[-1][1] if len(rows) == SWEEP_BATCH else until
        state.save()
    return indexed
