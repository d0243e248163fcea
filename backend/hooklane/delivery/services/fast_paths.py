"""The common case of an attempt in as few PostgreSQL round trips as it takes.

At 200 webhooks a second on two cores every round trip shows in the latency, so the two
steps nearly every attempt takes are single statements: claiming a due delivery (and
reading its destination and body) and recording a success. Anything unusual (a lost
worker, a paused or deleted destination, a delivery someone else owns) matches no row
here and goes the ORM way in attempts.py, which handles every case.
"""

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from hooklane.core.db import fetchone_prepared
from hooklane.core.encryption import decrypt
from hooklane.webhooks import hops

from ..expressions import activation_from
from ..models import Delivery, DeliveryAttempt, Destination

_CLAIM = """
UPDATE deliveries AS d
SET status = 'delivering',
    attempt_count = d.attempt_count + 1,
    cycle_attempts = d.cycle_attempts + 1,
    next_attempt_at = %(now)s + make_interval(secs => dest.timeout_seconds + %(margin)s),
    dispatch_eta = NULL,
    updated_at = %(now)s
FROM destinations AS dest, webhook_logs AS log
WHERE d.id = %(id)s AND d.status = 'pending' AND d.next_attempt_at <= %(now)s
  AND dest.id = d.destination_id AND dest.is_active AND log.id = d.log_id
  AND (SELECT count(*) FROM deliveries AS busy
       WHERE busy.destination_id = d.destination_id AND busy.status = 'delivering')
      < %(per_destination)s
RETURNING d.organization_id, d.log_id, d.attempt_count, d.cycle, d.cycle_attempts,
    dest.id, dest.url, dest.timeout_seconds, dest.max_attempts, dest.retry_schedule,
    dest.headers, dest.signing_secret, dest.previous_signing_secret,
    dest.previous_secret_expires_at, dest.consecutive_failures, log.body, log.content_type,
    log.received_at, log.headers ->> %(hops)s, dest.filter_expression, dest.transformation,
    -- What a filter or transformation reads of the request, only when there is one.
    CASE WHEN dest.filter_expression <> '' OR dest.transformation <> '' THEN
        json_build_array(log.payload, log.headers, log.event_type,
            (SELECT provider_name FROM webhook_providers WHERE id = log.provider_id))
    END
"""

# Owned means still `delivering` under this attempt's number: a lease that ran out and was
# taken over by another worker matches nothing, and the caller takes the general path.
# It also locks the log row for the status refresh that follows in the same transaction.
_SUCCEEDED = """
WITH done AS (
    UPDATE deliveries
    SET status = 'succeeded', next_attempt_at = NULL, dispatch_eta = NULL,
        last_status_code = %(code)s, last_error = '', finished_at = %(now)s, updated_at = %(now)s
    WHERE id = %(id)s AND status = 'delivering' AND attempt_count = %(number)s
    RETURNING id, log_id, destination_id, cycle, attempt_count
),
attempt AS (
    INSERT INTO delivery_attempts (
        id, created_at, updated_at, delivery_id, log_id, destination_id, attempt_number, cycle,
        outcome, status_code, response_excerpt, duration_ms, error, next_retry_at
    )
    SELECT %(attempt_id)s, %(now)s, %(now)s, done.id, done.log_id, done.destination_id,
        done.attempt_count, done.cycle, %(outcome)s, %(code)s, %(excerpt)s, %(ms)s, '', NULL
    FROM done
),
locked AS (
    SELECT log.status FROM webhook_logs AS log JOIN done ON log.id = done.log_id
    FOR UPDATE OF log
),
-- The place this attempt gives up goes to the destination's next waiting delivery.
next AS (
    UPDATE deliveries SET dispatch_eta = %(now)s, updated_at = %(now)s
    WHERE id = (
        SELECT id FROM deliveries
        WHERE destination_id = %(destination_id)s AND status = 'pending'
          AND dispatch_eta IS NULL AND next_attempt_at <= %(now)s
          AND EXISTS (SELECT 1 FROM done)
        ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED
    )
    RETURNING id
)
SELECT locked.status, (SELECT id FROM next) FROM locked
"""


@dataclass
class Claimed:
    """What one attempt needs, read in the statement that claimed it."""

    delivery: Delivery
    destination: Destination
    body: bytes
    content_type: str
    received_at: datetime | None = None  # the log's, for the receipt-to-delivery latency
    hops: str | None = None  # the Hooklane-Hops header the webhook arrived with
    # What the destination's filter and transformation see (expressions.request_activation),
    # read only for a destination that has either.
    request: dict | None = None
    filtered_because: str = ""  # set when the filter did not match: why not


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def claim_due(*, delivery_id, now) -> Claimed | None:
    """Claim a pending, due delivery of an active destination in one statement."""
    delivery_id = uuid.UUID(str(delivery_id))
    params = {
        "id": delivery_id,
        "now": now,
        "margin": settings.DELIVERY_LEASE_MARGIN_SECONDS,
        "per_destination": settings.DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION,
        "hops": hops.STORED_NAME,
    }
    row = fetchone_prepared(_CLAIM, params)
    if row is None:
        return None
    (org_id, log_id, count, cycle, cycle_attempts, dest_id, url, timeout, max_attempts) = row[:9]
    schedule, headers, secret, previous, previous_expires, failures = row[9:15]
    body, content_type, received_at, arrived_hops, filter_expression, transformation = row[15:21]
    request = None
    if row[21] is not None:
        payload, log_headers, event_type, provider_name = _json(row[21])
        request = activation_from(
            body=payload, headers=log_headers, provider=provider_name, event_type=event_type
        )
    # Django reads jsonb as text and parses it in the field; a raw cursor gets the text.
    schedule, headers = _json(schedule), _json(headers)
    # The columns hold tokens; the model holds the secrets, as the ORM's field would load them.
    secret, previous = (decrypt(token) if token else token for token in (secret, previous))
    destination = Destination(
        id=dest_id,
        organization_id=org_id,
        url=url,
        timeout_seconds=timeout,
        max_attempts=max_attempts,
        retry_schedule=schedule,
        headers=headers,
        signing_secret=secret,
        previous_signing_secret=previous,
        previous_secret_expires_at=previous_expires,
        consecutive_failures=failures,
        filter_expression=filter_expression,
        transformation=transformation,
        is_active=True,
    )
    delivery = Delivery(
        id=delivery_id,
        organization_id=org_id,
        log_id=log_id,
        destination_id=dest_id,
        status=Delivery.Status.DELIVERING,
        attempt_count=count,
        cycle=cycle,
        cycle_attempts=cycle_attempts,
    )
    delivery.destination = destination
    return Claimed(
        delivery, destination, bytes(body), content_type, received_at, arrived_hops, request
    )


def record_success(*, delivery: Delivery, result, now) -> tuple[str, uuid.UUID | None] | None:
    """Mark an owned delivery succeeded, store its attempt, lock its log and queue-mark the
    destination's next waiting delivery in one statement (in the caller's transaction);
    returns the log's status and that next delivery's id (None if none waits), or None when
    the delivery is no longer this attempt's."""
    params = {
        "id": delivery.id,
        "destination_id": delivery.destination_id,
        "number": delivery.attempt_count,
        "now": now,
        "code": result.status_code,
        "attempt_id": uuid.uuid4(),
        "outcome": DeliveryAttempt.Outcome.SUCCEEDED,
        "excerpt": result.excerpt,
        "ms": result.duration_ms,
    }
    row = fetchone_prepared(_SUCCEEDED, params)
    return None if row is None else (row[0], row[1])
