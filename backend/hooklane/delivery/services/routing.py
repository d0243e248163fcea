"""Fan-out of a processed log to its destinations, and the log status that sums them up."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from hooklane.core.db import fetchone_prepared
from hooklane.webhooks.models import WebhookLog

from ..models import Delivery, Destination
from ..selectors import LISTENS
from .dispatch import (
    BUSY,
    deliveries_admit_after_commit,
    enqueue_after_commit,
    per_destination,
    per_organization,
)
from .flow import deliveries_key

# Statuses a log's deliveries may overwrite; received, held, rejected and duplicate logs
# belong to ingest.
_SUMMARISED = (
    WebhookLog.Status.PROCESSING,
    WebhookLog.Status.PROCESSED,
    WebhookLog.Status.DELIVERED,
    WebhookLog.Status.FAILED,
)
_OPEN = ", ".join(f"'{status}'" for status in Delivery.OPEN_STATUSES)

# The status a log's deliveries add up to: processing while any is open (pending,
# delivering, held), else failed if any failed, else delivered if any succeeded, else
# processed (none, or all cancelled). Written only when it changes.
_SUMMARISE = f"""
UPDATE webhook_logs AS log
SET status = summary.status,
    processed_at = CASE WHEN summary.status = 'processing' THEN NULL ELSE %(now)s END,
    updated_at = %(now)s
FROM (
    SELECT CASE WHEN bool_or(status IN ({_OPEN})) THEN 'processing'
                WHEN bool_or(status = 'failed') THEN 'failed'
                WHEN bool_or(status = 'succeeded') THEN 'delivered'
                ELSE 'processed' END AS status
    FROM deliveries WHERE log_id = %(log_id)s
) AS summary
WHERE log.id = %(log_id)s AND log.status <> summary.status
RETURNING log.status
"""  # noqa: S608


_LOCK = "SELECT status FROM webhook_logs WHERE id = %s FOR UPDATE"


def log_summarise_locked(*, log_id, status: str) -> str | None:
    """Set a routed log's status from its deliveries, for a caller that holds the log row's
    lock and read its `status` under it; returns the log's status (None if not routed).

    The lock is what makes this right: two deliveries finishing at once are serialised on
    it, and the second one's statement starts after the first committed, so it cannot read
    the other as still running and leave the log `processing`."""
    if status not in _SUMMARISED:
        return None
    row = fetchone_prepared(_SUMMARISE, {"log_id": log_id, "now": timezone.now()})
    return row[0] if row else status


def log_refresh_status(*, log_id) -> str | None:
    """Set a routed log's status from its deliveries; returns the status (None if the log is
    gone or not routed). Callers lock delivery rows before this."""
    # Inside a caller's transaction no savepoint is needed: a failure here fails it all.
    with transaction.atomic(savepoint=False):
        row = fetchone_prepared(_LOCK, [log_id])
        return None if row is None else log_summarise_locked(log_id=log_id, status=row[0])


def deliveries_reopen(*, log: WebhookLog, destinations: list[Destination]) -> list[Delivery]:
    """Start a new delivery cycle of a log to each destination (a replay), admitted to the
    windows after commit (dispatch.py): an existing delivery starts its next cycle unless it
    is in flight, a missing one is created; paused destinations get held deliveries.
    Returns the deliveries created or restarted."""
    if not destinations:
        return []
    now = timezone.now()
    opened: list[Delivery] = []
    with transaction.atomic(savepoint=False):
        existing = {
            delivery.destination_id: delivery
            for delivery in Delivery.objects.select_for_update()
            .filter(log_id=log.id, destination__in=destinations)
            .order_by("id")
        }
        new_rows = []
        for destination in destinations:
            status = Delivery.Status.PENDING if destination.is_active else Delivery.Status.HELD
            due = now if destination.is_active else None
            delivery = existing.get(destination.id)
            if delivery is None:
                delivery = Delivery(
                    organization_id=log.organization_id,
                    log_id=log.id,
                    destination_id=destination.id,
                    status=status,
                    next_attempt_at=due,
                    dispatch_eta=None,
                    ordering_key=None if destination.ordering_key else "",
                    ordered_at=log.received_at,
                )
                if not destination.ordered:
                    delivery.ordering_key = delivery.ordered_at = None
                new_rows.append(delivery)
            elif delivery.status == Delivery.Status.DELIVERING:
                continue
            else:
                delivery.cycle += 1
                delivery.cycle_attempts = 0
                delivery.status = status
                delivery.next_attempt_at = due
                delivery.dispatch_eta = None
                delivery.finished_at = None
                delivery.save(
                    update_fields=[
                        "cycle",
                        "cycle_attempts",
                        "status",
                        "next_attempt_at",
                        "dispatch_eta",
                        "finished_at",
                        "updated_at",
                    ]
                )
            opened.append(delivery)
        # Routing may have created the pair since the read above; it is then left as it is.
        Delivery.objects.bulk_create(new_rows, ignore_conflicts=True)
        unkeyed = [d.id for d in new_rows if d.ordered_at is not None and d.ordering_key is None]
        if unkeyed:
            deliveries_key(delivery_ids=unkeyed)
        # They wait, and take the room their windows have as soon as this commits.
        deliveries_admit_after_commit(
            {d.destination_id for d in opened if d.status == Delivery.Status.PENDING}
        )
    return opened


# Claim a received log and open its deliveries, in one statement: it commits as a whole or
# not at all, so a worker lost half-way leaves the log `received` for the requeue sweep, and
# a second run (a redelivered task) finds the log claimed and does nothing. The final status:
# held while the provider is paused, processed when no destination matches, else processing
# until the deliveries settle it (log_refresh_status). A delivery is queued only while its
# destination's and organization's windows have room (dispatch.py); the rest wait.
_LOG_LISTENS = LISTENS.format(provider_id="log.provider_id", event_type="log.event_type")
_ROUTE = f"""
WITH log AS (
    SELECT log.id, log.organization_id, log.provider_id, log.event_type, log.received_at,
        provider.is_active
    FROM webhook_logs AS log JOIN webhook_providers AS provider ON provider.id = log.provider_id
    WHERE log.id = %(id)s AND log.status = 'received'
),
organization_busy AS (
    SELECT count(*) AS busy FROM deliveries AS busy, log
    WHERE busy.organization_id = log.organization_id AND {BUSY}
),
matched AS (
    SELECT destinations.id, destinations.is_active, log.id AS log_id, log.organization_id,
        destinations.ordered, log.received_at,
        -- An ordering key expression is evaluated after this statement (flow.deliveries_key);
        -- until then the delivery waits with no due time.
        destinations.ordered AND destinations.ordering_key <> '' AS needs_key,
        destinations.is_active
        AND (SELECT count(*) FROM deliveries AS busy
             WHERE busy.destination_id = destinations.id AND {BUSY}) < %(per_destination)s
        -- A log that fans out takes no more of its organization's window than is left.
        AND (SELECT busy FROM organization_busy)
            + row_number() OVER (ORDER BY destinations.id) <= %(per_organization)s
        AS has_room
    FROM log JOIN destinations ON destinations.organization_id = log.organization_id
    WHERE log.is_active AND {_LOG_LISTENS}
),
claimed AS (
    UPDATE webhook_logs AS target
    SET status = CASE WHEN NOT log.is_active THEN 'held'
                      WHEN EXISTS (SELECT 1 FROM matched) THEN 'processing'
                      ELSE 'processed' END,
        processed_at = CASE WHEN log.is_active AND NOT EXISTS (SELECT 1 FROM matched)
                            THEN %(now)s END,
        updated_at = %(now)s
    FROM log
    WHERE target.id = %(id)s AND target.status = 'received'
    RETURNING target.id, target.status
),
opened AS (
    INSERT INTO deliveries (
        id, created_at, updated_at, organization_id, log_id, destination_id, status,
        attempt_count, cycle, cycle_attempts, next_attempt_at, dispatch_eta, last_error,
        ordering_key, ordered_at
    )
    SELECT gen_random_uuid(), %(now)s, %(now)s, matched.organization_id, matched.log_id,
        matched.id, CASE WHEN matched.is_active THEN 'pending' ELSE 'held' END, 0, 1, 0,
        CASE WHEN matched.is_active AND NOT matched.needs_key THEN %(now)s END,
        CASE WHEN matched.has_room AND NOT matched.needs_key THEN %(now)s END, '',
        CASE WHEN matched.ordered AND NOT matched.needs_key THEN '' END,
        CASE WHEN matched.ordered THEN matched.received_at END
    FROM matched JOIN claimed ON claimed.id = matched.log_id
    ON CONFLICT (log_id, destination_id) DO NOTHING
    RETURNING id, status, dispatch_eta, ordered_at IS NOT NULL AND ordering_key IS NULL AS unkeyed
)
SELECT claimed.status, (SELECT count(*) FROM matched),
    ARRAY(SELECT opened.id FROM opened WHERE opened.dispatch_eta IS NOT NULL),
    ARRAY(SELECT opened.id FROM opened WHERE opened.unkeyed)
FROM claimed
"""  # noqa: S608


@dataclass(frozen=True)
class Routed:
    status: str  # the log's: held, processing or processed
    destinations: int  # how many matched (paused ones included)


def log_route(*, log_id) -> Routed | None:
    """Move a received log on: open a delivery to every matching destination (held for
    paused ones) and queue them after commit. Returns None when the log is not `received`
    (gone, or already moved on by an earlier run)."""
    params = {
        "id": log_id,
        "now": timezone.now(),
        "per_destination": per_destination(),
        "per_organization": per_organization(),
    }
    row = fetchone_prepared(_ROUTE, params)
    if row is None:
        return None
    status, matched, pending, unkeyed = row
    enqueue_after_commit(pending)
    if unkeyed:
        deliveries_key(delivery_ids=unkeyed)
    return Routed(status=status, destinations=matched)
