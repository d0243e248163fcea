"""The live feed: what happens in an organization, on a Redis stream of its own, after commit.

`live:org:<organization id>` is a Redis stream (XADD ... MAXLEN ~ LIVE_RETAIN_PER_ORG) on
LIVE_REDIS_URL, the broker's Redis unless set. Each entry has two fields: `type` (`log`,
`attempt`) and `data` (JSON). Its id is the cursor clients resume from (hooklane.stream
serves it as Server-Sent Events). Ingest adds its `log` entry in the same Lua call that
queues the webhook (core/broker.py), so the feed costs ingest no round trip; the worker
adds an `attempt` entry after each attempt commits. The feed is best effort: Redis being
away loses entries, never a webhook, and clients resync from the REST list on `reset`.
"""

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import redis
from django.conf import settings
from django.db import transaction
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

STREAM_PREFIX = "live:org:"
LOG = "log"
ATTEMPT = "attempt"
KINDS = (LOG, ATTEMPT)


def stream_key(organization_id) -> str:
    return f"{STREAM_PREFIX}{organization_id}"


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)


@dataclass(frozen=True, slots=True)
class LiveEvent:
    organization_id: str
    kind: str
    data: str  # JSON

    @property
    def key(self) -> str:
        return stream_key(self.organization_id)


def log_event(
    *,
    organization_id,
    log_id: uuid.UUID,
    provider_id,
    provider_display_name: str,
    provider_name: str,
    event_type: str,
    status: str,
    received_at: datetime,
    size_bytes: int,
    verification: str,
) -> LiveEvent:
    """A log was stored (`received`, `held`, captured or refused: `status` says which)."""
    return LiveEvent(
        str(organization_id),
        LOG,
        _json(
            {
                "id": str(log_id),
                "provider": {
                    "id": str(provider_id),
                    "name": provider_display_name,
                    "provider_name": provider_name,
                },
                "event_type": event_type,
                "status": str(status),
                "received_at": received_at.isoformat(),
                "size_bytes": size_bytes,
                "verification": str(verification),
            }
        ),
    )


def attempt_event(
    *,
    organization_id,
    log_id,
    provider_id,
    event_type: str,
    destination_id,
    delivery_id,
    attempt_number: int,
    outcome: str,
    status_code: int | None,
    duration_ms: int,
    delivery_status: str | None,
    at: datetime,
) -> LiveEvent:
    """A delivery attempt was recorded; `delivery_status` is where the delivery went next."""
    return LiveEvent(
        str(organization_id),
        ATTEMPT,
        _json(
            {
                "log_id": str(log_id),
                "provider_id": None if provider_id is None else str(provider_id),
                "event_type": event_type,
                "destination_id": None if destination_id is None else str(destination_id),
                "delivery_id": None if delivery_id is None else str(delivery_id),
                "attempt_number": attempt_number,
                "outcome": str(outcome),
                "status_code": status_code,
                "duration_ms": duration_ms,
                "delivery_status": None if delivery_status is None else str(delivery_status),
                "at": at.isoformat(),
            }
        ),
    )


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def client() -> redis.Redis:
    """The synchronous client of the live feed's Redis."""
    return _client(settings.LIVE_REDIS_URL)


def publish(*events: LiveEvent) -> None:
    """Add events to their organizations' streams now, in one round trip; a Redis error is
    logged, never raised (the feed must not fail the work it reports)."""
    if not events:
        return
    pipe = client().pipeline(transaction=False)
    for event in events:
        pipe.xadd(
            event.key,
            {"type": event.kind, "data": event.data},
            maxlen=settings.LIVE_RETAIN_PER_ORG,
            approximate=True,
        )
    try:
        pipe.execute()
    except (RedisError, OSError):
        logger.warning("live feed unreachable; %d event(s) not published", len(events))


def publish_on_commit(*events: LiveEvent) -> None:
    """publish(*events) once the current transaction commits (at once outside one)."""
    if events:
        transaction.on_commit(lambda: publish(*events))
