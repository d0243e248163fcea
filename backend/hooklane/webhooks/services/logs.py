"""Writes of webhook logs: store an ingested request once, release held logs, requeue the stuck."""

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from redis.exceptions import RedisError

from hooklane.core import live
from hooklane.core.broker import enqueue
from hooklane.core.db import fetchone_prepared
from hooklane.core.errors import NotFound
from hooklane.core.ratelimit import rate_limit_count
from hooklane.core.task_names import CONFIRM_SUBSCRIPTION, PROCESS_WEBHOOK

from ..cache import IngestProvider
from ..models import WebhookLog
from ..parsing import IncomingWebhook, split_signature_headers
from ..schemes import UNTIMESTAMPED, signature_headers

Status = WebhookLog.Status
_TABLE = WebhookLog._meta.db_table
_FOREIGN_KEY_VIOLATION = "23503"
REQUEUE_BATCH = 5000

# One statement stores the row and settles duplicates: the partial unique index on
# (provider, external_id) lets exactly one of any number of concurrent copies in, and the
# others wait for its commit and insert nothing. The same statement flags a probable replay
# (one probe of logs_provider_body_idx; a NULL body hash, as timestamped senders pass,
# matches nothing).
_INSERT = f"""
INSERT INTO {_TABLE} (
    id, created_at, updated_at, received_at, organization_id, provider_id, status,
    event_type, external_id, body, payload, headers, signature_headers, body_sha256,
    probable_replay, content_type, size_bytes, source_ip, error, verification,
    verification_reason
) VALUES (
    %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb, %s::jsonb, %s::bytea,
    EXISTS (
        SELECT 1 FROM {_TABLE} AS earlier
        WHERE earlier.provider_id = %s AND earlier.body_sha256 = %s::bytea
          AND earlier.received_at >= %s
    ),
    %s, %s, %s::inet, %s, %s, %s
)
ON CONFLICT (provider_id, external_id)
    WHERE external_id IS NOT NULL AND NOT (status = 'rejected') DO NOTHING
RETURNING id
"""  # noqa: S608 - the table name is ours; every value is a parameter
_EXISTING = f"""
SELECT id, status FROM {_TABLE}
WHERE provider_id = %s AND external_id = %s AND NOT (status = 'rejected')
"""  # noqa: S608


class ProviderGone(NotFound):
    """The provider was deleted while the request was in flight."""


@dataclass(frozen=True, slots=True)
class IngestResult:
    id: uuid.UUID
    status: str
    duplicate: bool


def _json_text(value: dict) -> str:
    # Header values were made safe for jsonb by parsing.redact_headers.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _insert(
    *,
    provider: IngestProvider,
    incoming: IncomingWebhook,
    status: str,
    external_id: str | None,
    event_type: str,
    verification: str,
    error: str = "",
    reason: str = "",
    now: datetime | None = None,
) -> uuid.UUID | None:
    now = now or datetime.now(UTC)
    log_id = uuid.uuid4()
    body = incoming.signed.body
    headers, signatures = split_signature_headers(
        incoming.stored_headers, signature_headers(provider.provider_name, provider.settings)
    )
    window = settings.INGEST_REPLAY_WINDOW_SECONDS
    # Only accepted requests count as a first copy: a forged one must not flag the real one.
    body_hash = (
        hashlib.sha256(body).digest()
        if window > 0
        and status in (Status.RECEIVED, Status.HELD)
        and provider.provider_name in UNTIMESTAMPED
        else None
    )

    def params(payload: str | None) -> tuple:
        return (
            log_id,
            now,
            now,
            now,
            provider.organization_id,
            provider.id,
            status,
            event_type,
            external_id,
            body,
            payload,
            _json_text(headers),
            _json_text(signatures),
            body_hash,
            provider.id,
            body_hash,
            now - timedelta(seconds=window),
            incoming.content_type,
            len(body),
            incoming.source_ip,
            error,
            verification,
            reason,
        )

    try:
        row = fetchone_prepared(_INSERT, params(incoming.payload_json))
    except IntegrityError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == _FOREIGN_KEY_VIOLATION:
            # The caller, which knows the ingest key, drops the cached provider.
            raise ProviderGone from exc
        raise
    return row[0] if row else None


def _live_log(
    *,
    provider: IngestProvider,
    incoming: IncomingWebhook,
    log_id: uuid.UUID,
    status: str,
    event_type: str,
    verification: str,
    received_at: datetime,
) -> live.LiveEvent:
    return live.log_event(
        organization_id=provider.organization_id,
        log_id=log_id,
        provider_id=provider.id,
        provider_display_name=provider.display_name,
        provider_name=provider.provider_name,
        event_type=event_type,
        status=status,
        received_at=received_at,
        size_bytes=len(incoming.signed.body),
        verification=verification,
    )


def _enqueue(
    log_ids: list[uuid.UUID], organization_id, live_events: tuple[live.LiveEvent, ...] = ()
) -> None:
    # Delivery routes it; ingest knows only the task's name. Without a broker the row stays
    # `received` and requeue_stuck_logs sends it later; the sender already has its 200,
    # because the row is committed. The organization's lane keeps its backlog from holding
    # up the others' webhooks (core/broker.py).
    enqueue(
        PROCESS_WEBHOOK,
        *([str(log_id)] for log_id in log_ids),
        sweep_recovers=True,
        tenant=organization_id,
        live_events=live_events,
    )


def log_ingest(
    *,
    provider: IngestProvider,
    incoming: IncomingWebhook,
    event_id: str | None,
    event_type: str,
    verification: str = WebhookLog.Verification.VERIFIED,
) -> IngestResult:
    """Store a verified webhook once per event id, then queue it after the commit.

    A repeated event id stores nothing and returns the first copy's log as a duplicate."""
    status = Status.RECEIVED if provider.is_active else Status.HELD
    # Two tries: the first copy of an id may vanish (retention) between its conflict and
    # the lookup, and then this one is stored after all.
    for _attempt in range(2):
        now = datetime.now(UTC)
        # A lone statement in autocommit mode: it commits before execute() returns, with no
        # BEGIN and COMMIT round trips, and on_commit then runs at once.
        log_id = _insert(
            provider=provider,
            incoming=incoming,
            status=status,
            external_id=event_id,
            event_type=event_type,
            verification=verification,
            now=now,
        )
        if log_id is not None:
            # The live feed's entry rides the round trip that queues the webhook.
            event = _live_log(
                provider=provider,
                incoming=incoming,
                log_id=log_id,
                status=status,
                event_type=event_type,
                verification=verification,
                received_at=now,
            )
            if status == Status.RECEIVED:
                _enqueue([log_id], provider.organization_id, (event,))
            else:
                live.publish_on_commit(event)
            return IngestResult(id=log_id, status=status, duplicate=False)
        with connection.cursor() as cursor:
            cursor.execute(_EXISTING, (provider.id, event_id))
            existing = cursor.fetchone()
        if existing is not None:
            return IngestResult(id=existing[0], status=existing[1], duplicate=True)
    raise RuntimeError(f"event {event_id!r} neither stored nor found")


def _insert_and_tell(
    *, provider: IngestProvider, incoming: IncomingWebhook, **fields
) -> uuid.UUID | None:
    # Refusals, probes and captures are rarer than accepted webhooks and queue nothing: their
    # live entry takes a round trip of its own.
    now = datetime.now(UTC)
    log_id = _insert(provider=provider, incoming=incoming, now=now, **fields)
    if log_id is not None:
        live.publish_on_commit(
            _live_log(
                provider=provider,
                incoming=incoming,
                log_id=log_id,
                status=fields["status"],
                event_type=fields["event_type"],
                verification=fields["verification"],
                received_at=now,
            )
        )
    return log_id


def _kept_within_limit(provider: IngestProvider) -> bool:
    # At most INGEST_REJECTED_ROWS_PER_MINUTE per provider per minute (beyond that only
    # counted); unable to count, store nothing: junk must not fill the table while Redis
    # is away.
    try:
        count = rate_limit_count(scope="ingest_rejected", key=str(provider.id), window_seconds=60)
    except (RedisError, OSError):
        return False
    return count <= settings.INGEST_REJECTED_ROWS_PER_MINUTE


def log_reject(
    *, provider: IngestProvider, incoming: IncomingWebhook, reason: str, code: str = ""
) -> bool:
    """Keep a refused request for inspection, within the per-provider limit; `code` is the
    verification reason ("" when the refusal is not about the signature, e.g. a loop).
    True when a row was stored."""
    if not _kept_within_limit(provider):
        return False
    _insert_and_tell(
        provider=provider,
        incoming=incoming,
        status=Status.REJECTED,
        external_id=None,
        event_type="",
        verification=WebhookLog.Verification.FAILED,
        error=reason[:1000],
        reason=code,
    )
    return True


def log_handshake(
    *,
    provider: IngestProvider,
    incoming: IncomingWebhook,
    event_type: str,
    verification: str,
    confirm_url: str | None = None,
) -> bool:
    """Keep a sender's set-up probe for the dashboard (never routed, never a duplicate),
    within the same per-provider limit as refusals, since anyone may send one; a probe that
    asks to be confirmed (AWS SNS) is confirmed by a task. True when a row was stored."""
    if confirm_url:
        # Verified before it got here, so its URL is the sender's; the task checks it again.
        enqueue(
            CONFIRM_SUBSCRIPTION, [str(provider.id), confirm_url], tenant=provider.organization_id
        )
    if not _kept_within_limit(provider):
        return False
    _insert_and_tell(
        provider=provider,
        incoming=incoming,
        status=Status.HANDSHAKE,
        external_id=None,
        event_type=event_type,
        verification=verification,
    )
    return True


def log_capture(*, provider: IngestProvider, incoming: IncomingWebhook) -> uuid.UUID:
    """Store a request to a provider that has no secret yet, unverified: `awaiting_secret`,
    verification `pending`, never routed until logs_verify_awaiting checks it. Counted by
    the organization's ingest quotas like any accepted webhook (the caller checks them)."""
    log_id = _insert_and_tell(
        provider=provider,
        incoming=incoming,
        status=Status.AWAITING_SECRET,
        external_id=None,
        event_type="",
        verification=WebhookLog.Verification.PENDING,
    )
    if log_id is None:  # no event id, so no conflict can skip the row
        raise RuntimeError("a captured webhook was not stored")
    return log_id


def logs_release_held(*, provider_id: uuid.UUID, limit: int) -> int:
    """Queue up to `limit` of a resumed provider's held logs (one short statement; sent on
    commit); returns how many. A provider resume job calls it until it returns less."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_TABLE} SET status = %s, updated_at = %s WHERE id IN ("  # noqa: S608
            f"SELECT id FROM {_TABLE} WHERE provider_id = %s AND status = %s "
            "LIMIT %s FOR UPDATE SKIP LOCKED) RETURNING id, organization_id",
            (Status.RECEIVED, now, provider_id, Status.HELD, limit),
        )
        released = cursor.fetchall()
    if released:
        _enqueue([row[0] for row in released], released[0][1])
    return len(released)


_STUCK = f"""
WITH stuck AS (
    SELECT log.id FROM {_TABLE} AS log
    WHERE (log.status = 'received' AND log.updated_at < %(received_before)s)
       OR (log.status = 'held' AND EXISTS (
            SELECT 1 FROM webhook_providers AS provider
            WHERE provider.id = log.provider_id AND provider.is_active))
    ORDER BY log.updated_at
    LIMIT %(limit)s
    FOR UPDATE OF log SKIP LOCKED
)
UPDATE {_TABLE} SET status = 'received', updated_at = %(now)s
FROM stuck WHERE {_TABLE}.id = stuck.id
RETURNING {_TABLE}.id, {_TABLE}.organization_id
"""  # noqa: S608


def logs_requeue_stuck() -> int:
    """Queue again what no worker is moving on: logs `received` for over
    INGEST_REQUEUE_AFTER_SECONDS (the broker was down, or a worker died before routing
    committed) and `held` although their provider is active again (a resume raced an
    ingest). Each is queued at most once per sweep interval. Returns how many."""
    now = timezone.now()
    params = {
        "now": now,
        "received_before": now - timedelta(seconds=settings.INGEST_REQUEUE_AFTER_SECONDS),
        "limit": REQUEUE_BATCH,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_STUCK, params)
        by_organization: dict = {}
        for log_id, organization_id in cursor.fetchall():
            by_organization.setdefault(organization_id, []).append(log_id)
        for organization_id, ids in by_organization.items():
            _enqueue(ids, organization_id)
    return sum(map(len, by_organization.values()))
