"""Fan-out of a processed log to its destinations, and the log status that sums them up."""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from hooklane.webhooks.models import WebhookLog

from ..models import Delivery, Destination
from ..selectors import destinations_for_log
from .dispatch import enqueue_after_commit

# Statuses a log's deliveries may overwrite; received, held, rejected and duplicate logs
# belong to ingest.
_SUMMARISED = (
    WebhookLog.Status.PROCESSING,
    WebhookLog.Status.PROCESSED,
    WebhookLog.Status.DELIVERED,
    WebhookLog.Status.FAILED,
)


def summarise(counts: dict[str, int]) -> str:
    """The log status its deliveries' statuses add up to."""
    if any(counts.get(status) for status in Delivery.OPEN_STATUSES):
        return WebhookLog.Status.PROCESSING
    if counts.get(Delivery.Status.FAILED):
        return WebhookLog.Status.FAILED
    if counts.get(Delivery.Status.SUCCEEDED):
        return WebhookLog.Status.DELIVERED
    return WebhookLog.Status.PROCESSED


def log_refresh_status(*, log_id) -> str | None:
    """Set a routed log's status from its deliveries; returns the status (None if the log is
    gone or not routed).

    Locks the log row, so two deliveries finishing at once cannot both read the other as
    still running and leave the log `processing`. Callers lock delivery rows before this."""
    # Inside a caller's transaction no savepoint is needed: a failure here fails it all.
    with transaction.atomic(savepoint=False):
        log = (
            WebhookLog.objects.select_for_update()
            .only("id", "status", "processed_at")
            .filter(pk=log_id)
            .first()
        )
        if log is None or log.status not in _SUMMARISED:
            return None
        counts = dict(
            Delivery.objects.filter(log_id=log_id)
            .values_list("status")
            .annotate(n=Count("id"))
            .order_by()
        )
        status = summarise(counts)
        if status != log.status:
            now = timezone.now()
            finished = status != WebhookLog.Status.PROCESSING
            WebhookLog.objects.filter(pk=log_id).update(
                status=status, processed_at=now if finished else None, updated_at=now
            )
        return status


def deliveries_open(
    *, log: WebhookLog, destinations: list[Destination], restart: bool
) -> list[Delivery]:
    """Create one delivery per destination for a log and queue them after commit; paused
    destinations get held deliveries. With `restart` (a replay) an existing delivery starts
    a new cycle unless it is in flight; without, it is left as it is. Returns the deliveries
    created or restarted."""
    if not destinations:
        return []
    now = timezone.now()
    opened: list[Delivery] = []
    with transaction.atomic(savepoint=False):
        # Routing (not a replay) needs no look at existing rows: the unique (log,
        # destination) constraint settles a second run below.
        existing = (
            {
                delivery.destination_id: delivery
                for delivery in Delivery.objects.select_for_update()
                .filter(log_id=log.id, destination__in=destinations)
                .order_by("id")
            }
            if restart
            else {}
        )
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
                    dispatch_eta=due,
                )
                new_rows.append(delivery)
            elif not restart or delivery.status == Delivery.Status.DELIVERING:
                continue
            else:
                delivery.cycle += 1
                delivery.cycle_attempts = 0
                delivery.status = status
                delivery.next_attempt_at = due
                delivery.dispatch_eta = due
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
        # A second run of the same routing (a redelivered task) conflicts on (log, destination)
        # and inserts nothing; its queued ids then match no row and do nothing.
        Delivery.objects.bulk_create(new_rows, ignore_conflicts=True)
        enqueue_after_commit(d.id for d in opened if d.status == Delivery.Status.PENDING)
    return opened


def log_route(*, log: WebhookLog) -> int:
    """Open a delivery to every matching destination of a log (held for paused ones),
    queued after commit; returns how many destinations matched.

    With none the caller marks the log processed; otherwise it stays processing until its
    deliveries finish (see log_refresh_status)."""
    destinations = destinations_for_log(log=log)
    deliveries_open(log=log, destinations=destinations, restart=False)
    return len(destinations)
