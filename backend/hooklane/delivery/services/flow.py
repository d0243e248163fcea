"""Flow controls of a destination, checked when a worker is about to start an attempt:
ordered delivery per key, the circuit breaker, and the rate limit.

All three make a delivery wait in PostgreSQL (its `next_attempt_at`), never in a worker.
They are decided under a lock on the destination row, taken by the general claim path
(attempts._claim) only for destinations that have a control on; the fast claim
(fast_paths.claim_due) matches only destinations that have none (`NO_CONTROLS`), so the
common destination pays nothing for them.

- Ordered: a delivery whose key has an earlier delivery (ordered_at, then id) still open, or
  failed under `wait`, is parked (`next_attempt_at` NULL: nothing claims it) until that one
  settles and `ordered_release_next` wakes it.
- Circuit: open, a delivery waits for the next probe time; at that time one delivery is the
  probe (half-open); a success closes the circuit and wakes what waited, a failure opens it
  again for another interval. `circuit_threshold` failures in a row open a closed one.
- Rate limit: attempts start at most one per period / rate_limit (`rate_next_slot_at`); a
  delivery that comes early waits for the slot, keeping its place in the window.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from hooklane.accounts.audit import audit_record
from hooklane.accounts.models import AuditEvent
from hooklane.webhooks.models import WebhookLog

from .. import expressions
from ..models import CircuitTransition, Delivery, Destination
from .dispatch import deliveries_admit_after_commit, enqueue_after_commit, next_waiting_dispatch

Circuit = Destination.Circuit
Reason = CircuitTransition.Reason

# For the fast claim's SQL (alias `dest`): a destination with no flow control on.
NO_CONTROLS = "dest.rate_limit IS NULL AND dest.circuit_state = 'closed' AND NOT dest.ordered"


def has_controls(destination: Destination) -> bool:
    return bool(
        destination.rate_limit or destination.ordered or destination.circuit_state != Circuit.CLOSED
    )


@dataclass(frozen=True)
class Wait:
    """Why an attempt may not start now, and until when (None: until woken)."""

    reason: str
    until: datetime | None
    keep_place: bool = False


_PREDECESSOR = """
SELECT 1 FROM deliveries
WHERE destination_id = %(destination_id)s AND ordering_key = %(key)s
  AND (ordered_at, id) < (%(ordered_at)s, %(id)s)
  AND (status IN ('pending', 'delivering', 'held') OR (%(wait)s AND status = 'failed'))
LIMIT 1
"""


def _blocked_by_order(delivery: Delivery, destination: Destination) -> bool:
    if delivery.ordering_key is None or delivery.ordered_at is None:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            _PREDECESSOR,
            {
                "destination_id": destination.pk,
                "key": delivery.ordering_key,
                "ordered_at": delivery.ordered_at,
                "id": delivery.pk,
                "wait": destination.ordering_on_failure == Destination.OrderingOnFailure.WAIT,
            },
        )
        return cursor.fetchone() is not None


def _transition(destination: Destination, to_state: str, reason: str, now) -> None:
    CircuitTransition.objects.create(
        organization_id=destination.organization_id,
        destination_id=destination.pk,
        from_state=destination.circuit_state,
        to_state=to_state,
        reason=reason,
        consecutive_failures=destination.consecutive_failures,
    )
    destination.circuit_state = to_state
    destination.circuit_changed_at = now


def flow_gate(*, delivery: Delivery, destination: Destination, now) -> Wait | None:
    """Decide, in the claim's transaction and with the delivery locked, whether its attempt
    may start now; None means go (a rate slot or the probe is then taken). Locks the
    destination row, so concurrent claims of one destination decide one after another."""
    locked = (
        Destination.objects.select_for_update()
        .only(
            "organization_id",
            "rate_limit",
            "rate_period",
            "rate_next_slot_at",
            "circuit_state",
            "circuit_next_probe_at",
            "circuit_probe_seconds",
            "consecutive_failures",
            "ordered",
            "ordering_on_failure",
        )
        .get(pk=destination.pk)
    )
    if locked.ordered and _blocked_by_order(delivery, locked):
        return Wait("ordered", None)
    probe = False
    if locked.circuit_state != Circuit.CLOSED:
        next_probe = locked.circuit_next_probe_at
        if next_probe is not None and next_probe > now:
            return Wait("circuit", next_probe)
        # Probe time (open), or a probe that never reported back (half-open, its worker
        # lost): this attempt is the probe.
        probe = True
    slot = locked.rate_next_slot_at
    if locked.rate_limit and slot is not None and slot > now:
        return Wait("rate_limit", slot, keep_place=True)
    changes = {}
    if locked.rate_limit:
        changes["rate_next_slot_at"] = now + timedelta(seconds=locked.rate_interval_seconds)
    if probe:
        next_probe = now + timedelta(seconds=locked.circuit_probe_seconds)
        _transition(locked, Circuit.HALF_OPEN, Reason.PROBE, now)
        changes.update(
            circuit_state=Circuit.HALF_OPEN,
            circuit_changed_at=now,
            circuit_next_probe_at=next_probe,
        )
    if changes:
        Destination.objects.filter(pk=locked.pk).update(**changes)
    return None


def flow_wait(*, delivery: Delivery, wait: Wait, now) -> None:
    """Put a claimed-for-nothing delivery back to wait as `wait` says (claim transaction)."""
    delivery.status = Delivery.Status.PENDING
    delivery.next_attempt_at = wait.until
    delivery.dispatch_eta = None
    if wait.keep_place and wait.until is not None:
        delay = (wait.until - now).total_seconds()
        if delay <= settings.DELIVERY_COUNTDOWN_MAX_SECONDS:
            # Rides a countdown to its slot, holding its place, as a short retry does.
            delivery.dispatch_eta = wait.until
            enqueue_after_commit([delivery.pk], countdown=max(delay, 0))
    delivery.save(update_fields=["status", "next_attempt_at", "dispatch_eta", "updated_at"])
    if delivery.dispatch_eta is None:
        # It gave its place up: the next waiting delivery of the destination takes it.
        next_waiting_dispatch(destination_id=delivery.destination_id, now=now)


def circuit_after_failure(*, destination_id, now) -> None:
    """After a failed attempt was counted (the destination row is locked by that count): open
    a closed circuit that reached its threshold, or reopen a half-open one."""
    destination = (
        Destination.objects.select_for_update()
        .only(
            "organization_id",
            "circuit_state",
            "circuit_threshold",
            "circuit_probe_seconds",
            "consecutive_failures",
        )
        .filter(pk=destination_id)
        .first()
    )
    if destination is None:
        return
    if destination.circuit_state == Circuit.HALF_OPEN:
        reason = Reason.PROBE_FAILED
    elif (
        destination.circuit_state == Circuit.CLOSED
        and destination.consecutive_failures >= destination.circuit_threshold
    ):
        reason = Reason.FAILURES
    else:
        return
    next_probe = now + timedelta(seconds=destination.circuit_probe_seconds)
    _transition(destination, Circuit.OPEN, reason, now)
    Destination.objects.filter(pk=destination_id).update(
        circuit_state=Circuit.OPEN, circuit_changed_at=now, circuit_next_probe_at=next_probe
    )


def _close(destination: Destination, reason: str, now) -> None:
    parked_until = destination.circuit_next_probe_at
    _transition(destination, Circuit.CLOSED, reason, now)
    Destination.objects.filter(pk=destination.pk).update(
        circuit_state=Circuit.CLOSED,
        circuit_changed_at=now,
        circuit_next_probe_at=None,
        consecutive_failures=0,
    )
    if parked_until is not None:
        # What waited for the probe is due now (at the rate limit, if any).
        Delivery.objects.filter(
            destination_id=destination.pk,
            status=Delivery.Status.PENDING,
            dispatch_eta__isnull=True,
            next_attempt_at__gt=now,
            next_attempt_at__lte=parked_until,
        ).update(next_attempt_at=now, updated_at=now)
    deliveries_admit_after_commit([destination.pk])


def circuit_after_success(*, destination_id, now) -> None:
    """After a success: close a circuit that is not closed (the probe came back 2xx)."""
    with transaction.atomic(savepoint=False):
        destination = (
            Destination.objects.select_for_update()
            .only(
                "organization_id", "circuit_state", "circuit_next_probe_at", "consecutive_failures"
            )
            .filter(pk=destination_id)
            .exclude(circuit_state=Circuit.CLOSED)
            .first()
        )
        if destination is not None:
            _close(destination, Reason.SUCCEEDED, now)


def circuit_reset(*, destination: Destination, request=None) -> Destination:
    """An admin closes the circuit by hand: attempts go out again at once. Audited."""
    now = timezone.now()
    with transaction.atomic():
        locked = Destination.objects.select_for_update().get(pk=destination.pk)
        previous = locked.circuit_state
        if previous != Circuit.CLOSED:
            _close(locked, Reason.RESET, now)
        else:
            Destination.objects.filter(pk=locked.pk).update(consecutive_failures=0)
        audit_record(
            organization=destination.organization,
            action=AuditEvent.Action.DESTINATION_UPDATE,
            request=request,
            target=destination,
            metadata={"circuit": "reset", "from": previous},
        )
    destination.refresh_from_db()
    return destination


def ordered_release_next(*, delivery: Delivery, destination: Destination, status: str) -> None:
    """After an ordered delivery settled (succeeded, or failed for good): wake the next
    parked delivery of its key, unless a failure blocks the key (`wait`)."""
    if delivery.ordering_key is None:
        return
    if (
        status == Delivery.Status.FAILED
        and destination.ordering_on_failure == Destination.OrderingOnFailure.WAIT
    ):
        return
    now = timezone.now()
    # The destination's lock orders this against claims deciding to park (flow_gate).
    Destination.objects.select_for_update().filter(pk=destination.pk).values_list("pk").first()
    successor = (
        Delivery.objects.filter(
            destination_id=destination.pk,
            ordering_key=delivery.ordering_key,
            status=Delivery.Status.PENDING,
        )
        .filter(
            Q(ordered_at__gt=delivery.ordered_at)
            | Q(ordered_at=delivery.ordered_at, id__gt=delivery.id)
        )
        .order_by("ordered_at", "id")
        .values_list("id", "next_attempt_at")
        .first()
    )
    if successor is None or successor[1] is not None:
        return  # none, or it is not parked (due already, or queued)
    Delivery.objects.filter(pk=successor[0], next_attempt_at__isnull=True).update(
        next_attempt_at=now, updated_at=now
    )
    deliveries_admit_after_commit([destination.pk])


MAX_KEY_LENGTH = 200


def _key_of(value) -> str:
    """A key value as stored: strings as they are, anything else as its JSON; a long one by
    its digest (equal keys stay equal, the index stays small)."""
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    if len(text) > MAX_KEY_LENGTH:
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    return text


def ordering_key_for(*, expression: str, activation: dict) -> str:
    """The ordering key of one webhook: the expression's value, or "" (the destination's one
    default key) when it is blank or cannot be evaluated on this webhook (a missing field)."""
    if not expression:
        return ""
    try:
        return _key_of(expressions.evaluate(expressions.compile_filter(expression), activation))
    except expressions.ExpressionError:
        return ""


def deliveries_key(*, delivery_ids) -> int:
    """Compute the ordering key of deliveries routed to ordered destinations (they wait with
    no due time until then), make the pending ones due and admit them; returns how many."""
    now = timezone.now()
    rows = list(
        Delivery.objects.filter(pk__in=list(delivery_ids), ordering_key__isnull=True)
        .exclude(ordered_at__isnull=True)
        .select_related("destination")
        .only("log_id", "status", "destination", "destination__ordering_key")
    )
    if not rows:
        return 0
    logs = {
        log.pk: log
        for log in WebhookLog.objects.filter(pk__in={row.log_id for row in rows})
        .select_related("provider")
        .only("payload", "headers", "event_type", "provider", "provider__provider_name")
    }
    with transaction.atomic(savepoint=False):
        for row in rows:
            log = logs.get(row.log_id)
            expression = row.destination.ordering_key if row.destination else ""
            key = (
                ordering_key_for(
                    expression=expression, activation=expressions.request_activation(log)
                )
                if log is not None
                else ""
            )
            changes = {"ordering_key": key, "updated_at": now}
            if row.status == Delivery.Status.PENDING:
                changes["next_attempt_at"] = now
            Delivery.objects.filter(pk=row.pk, ordering_key__isnull=True).update(**changes)
        deliveries_admit_after_commit({row.destination_id for row in rows if row.destination_id})
    return len(rows)


def deliveries_key_missing(*, older_than_seconds: float = 30) -> int:
    """Beat: key the deliveries whose routing task was lost between routing and keying."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        Delivery.objects.filter(
            ordering_key__isnull=True, ordered_at__isnull=False, created_at__lte=cutoff
        )
        .exclude(status__in=[Delivery.Status.SUCCEEDED, Delivery.Status.CANCELLED])
        .values_list("id", flat=True)[:1000]
    )
    return deliveries_key(delivery_ids=ids) if ids else 0


def rate_limit_changed(*, destination: Destination) -> None:
    """After a destination's rate limit changed: the next slot is free now, and what waited
    for a slot of the old limit is due at once (and decides again at its claim)."""
    now = timezone.now()
    previous_slot = (
        Destination.objects.select_for_update()
        .filter(pk=destination.pk)
        .values_list("rate_next_slot_at", flat=True)
        .first()
    )
    Destination.objects.filter(pk=destination.pk).update(rate_next_slot_at=None)
    if previous_slot is not None and previous_slot > now:
        Delivery.objects.filter(
            destination_id=destination.pk,
            status=Delivery.Status.PENDING,
            next_attempt_at__gt=now,
            next_attempt_at__lte=previous_slot,
        ).update(next_attempt_at=now, dispatch_eta=None, updated_at=now)
        deliveries_admit_after_commit([destination.pk])


def ordered_wake_parked(*, destination: Destination) -> None:
    """After a destination's ordering settings changed: every parked delivery gets due again
    and decides afresh at its claim (under `skip`, or unordered, it goes on)."""
    now = timezone.now()
    Delivery.objects.filter(
        destination_id=destination.pk,
        status=Delivery.Status.PENDING,
        next_attempt_at__isnull=True,
        ordering_key__isnull=False,
    ).update(next_attempt_at=now, updated_at=now)
    deliveries_admit_after_commit([destination.pk])


__all__ = [
    "NO_CONTROLS",
    "deliveries_key",
    "deliveries_key_missing",
    "ordered_wake_parked",
    "ordering_key_for",
    "rate_limit_changed",
    "circuit_after_failure",
    "circuit_after_success",
    "circuit_reset",
    "flow_gate",
    "flow_wait",
    "has_controls",
    "ordered_release_next",
]
