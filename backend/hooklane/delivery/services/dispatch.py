"""Getting deliveries to a worker: a bounded window per destination and per organization,
filled across organizations in turn, then enqueued after commit; and the dispatcher that
re-enqueues what was lost.

A delivery is *busy* from the moment a task is queued for it (`dispatch_eta` set, pending)
until its attempt ends (`delivering` while it runs; a retry that rides a countdown task keeps
its place). A due delivery with no task (`pending`, `dispatch_eta` NULL) is *waiting*: it
waits in PostgreSQL, not in a worker or a queue. A destination has at most
DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION busy deliveries and an organization at most
DELIVERY_MAX_IN_FLIGHT_PER_ORGANIZATION, so one organization's flood, backlog or slow
receiver holds a bounded share of the workers and of the queue, whoever else is waiting:
- routing (routing.py) queues a new delivery only while both windows have room;
- a worker refuses to start an attempt of a destination already at its limit in flight
  (fast_paths.claim_due, attempts._claim) and puts the delivery back to wait;
- an attempt that ends frees its place and, in the statement that records it, hands the
  place to the destination's next waiting delivery (`NEXT_WAITING`);
- the dispatcher (`deliveries_admit`, beat every few seconds, and replay or resume at once)
  fills every window that has room, one delivery per organization in turn.
"""

from collections import defaultdict, deque
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from hooklane.core import task_names
from hooklane.core.broker import enqueue
from hooklane.core.db import fetchone_prepared

from ..models import Delivery


def enqueue_after_commit(delivery_ids: Iterable, *, countdown: float | None = None) -> None:
    """Queue one deliver_webhook per delivery once the current transaction commits."""
    enqueue(task_names.DELIVER_WEBHOOK, *([str(d)] for d in delivery_ids), countdown=countdown)


# The busy rows, as SQL over `deliveries` (the model's BUSY; the partial indexes
# deliveries_busy_dest_idx and deliveries_busy_org_idx hold exactly these).
BUSY = "(status = 'delivering' OR (status = 'pending' AND dispatch_eta IS NOT NULL))"
WAITING = "status = 'pending' AND dispatch_eta IS NULL"

# The destination's oldest waiting due delivery takes the place an attempt just gave up
# (its destination and organization both have it free). Returns its id, or no row.
NEXT_WAITING = f"""
UPDATE deliveries SET dispatch_eta = %(now)s, updated_at = %(now)s
WHERE id = (
    SELECT id FROM deliveries
    WHERE destination_id = %(destination_id)s AND {WAITING} AND next_attempt_at <= %(now)s
    ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED
)
RETURNING id
"""  # noqa: S608

# Up to `per_destination` waiting due deliveries of each destination (of those given, or
# all), oldest first.
_WAITING_BY_DESTINATION = f"""
SELECT waiting.id, waiting.organization_id, waiting.destination_id
FROM destinations AS destination
CROSS JOIN LATERAL (
    SELECT id, organization_id, destination_id, next_attempt_at FROM deliveries
    WHERE destination_id = destination.id AND {WAITING} AND next_attempt_at <= %(now)s
    ORDER BY next_attempt_at LIMIT %(per_destination)s
) AS waiting
WHERE destination.is_active AND (%(all)s OR destination.id = ANY(%(destinations)s))
ORDER BY waiting.next_attempt_at
"""  # noqa: S608

_BUSY_BY = f"""
SELECT {{column}}, count(*) FROM deliveries
WHERE {BUSY} AND {{column}} = ANY(%(ids)s) GROUP BY {{column}}
"""  # noqa: S608

_DISPATCH = f"""
UPDATE deliveries SET dispatch_eta = %(now)s, updated_at = %(now)s
WHERE id = ANY(%(ids)s) AND {WAITING}
RETURNING id
"""  # noqa: S608


def per_destination() -> int:
    return settings.DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION


def per_organization() -> int:
    return settings.DELIVERY_MAX_IN_FLIGHT_PER_ORGANIZATION


def next_waiting_dispatch(*, destination_id, now) -> None:
    """After an attempt gave its place up: queue the destination's next waiting delivery,
    if it has one, once the current transaction commits."""
    row = fetchone_prepared(NEXT_WAITING, {"destination_id": destination_id, "now": now})
    if row is not None:
        enqueue_after_commit([row[0]])


def _busy(column: str, ids: list) -> dict:
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_BUSY_BY.format(column=column), {"ids": ids})
        return dict(cursor.fetchall())


def _in_turn(candidates: list[tuple], limit: int) -> list:
    """Candidate (id, organization, destination) rows, oldest first, each within its
    windows' room, taken one organization at a time in turn, up to `limit`."""
    destinations = {destination for _, _, destination in candidates}
    organizations = {organization for _, organization, _ in candidates}
    room_destination = {
        key: per_destination() - busy
        for key, busy in _busy("destination_id", list(destinations)).items()
    }
    room_organization = {
        key: per_organization() - busy
        for key, busy in _busy("organization_id", list(organizations)).items()
    }
    queues: dict = defaultdict(deque)
    for delivery_id, organization, destination in candidates:
        queues[organization].append((delivery_id, destination))
    chosen = []
    turn = deque(queues)
    while turn and len(chosen) < limit:
        organization = turn.popleft()
        if room_organization.get(organization, per_organization()) <= 0:
            continue
        queue = queues[organization]
        while queue:
            delivery_id, destination = queue.popleft()
            if room_destination.get(destination, per_destination()) > 0:
                room_destination[destination] = (
                    room_destination.get(destination, per_destination()) - 1
                )
                room_organization[organization] = (
                    room_organization.get(organization, per_organization()) - 1
                )
                chosen.append(delivery_id)
                break
        if queue:
            turn.append(organization)
    return chosen


def deliveries_admit(*, destination_ids: Iterable | None = None, limit: int = 1000) -> int:
    """Queue waiting due deliveries (of these destinations, or of all) into every window that
    has room, organizations in turn; returns how many were queued."""
    now = timezone.now()
    ids = None if destination_ids is None else [str(d) for d in destination_ids]
    if ids == []:
        return 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                _WAITING_BY_DESTINATION,
                {
                    "now": now,
                    "per_destination": per_destination(),
                    "all": ids is None,
                    "destinations": ids or [],
                },
            )
            candidates = cursor.fetchall()
        chosen = _in_turn(candidates, limit)
        if not chosen:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(_DISPATCH, {"ids": chosen, "now": now})
            dispatched = {row[0] for row in cursor.fetchall()}
        # In turn on the queue too: the order chosen, less any a worker took meanwhile.
        enqueue_after_commit(d for d in chosen if d in dispatched)
    return len(dispatched)


def deliveries_admit_after_commit(destination_ids: Iterable) -> None:
    """Admit these destinations' waiting deliveries once the current transaction commits
    (replay and resume make deliveries wait, then fill the windows at once)."""
    ids = list(destination_ids)
    if ids:
        transaction.on_commit(lambda: deliveries_admit(destination_ids=ids))


def deliveries_dispatch_due(*, limit: int = 1000, grace_seconds: float | None = None) -> int:
    """Beat's dispatcher: re-enqueue busy deliveries whose task was lost with its worker or
    broker (a `delivering` row whose lease ran out, a queued one long overdue), then admit
    waiting ones (retries whose wait was too long for a countdown, deliveries that found
    their windows full) into the room there is. Returns how many were enqueued."""
    now = timezone.now()
    if grace_seconds is None:
        grace_seconds = settings.DELIVERY_DISPATCH_GRACE_SECONDS
    overdue = now - timedelta(seconds=grace_seconds)
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=Delivery.Status.DELIVERING, dispatch_eta__isnull=True)
                | Q(
                    status__in=[Delivery.Status.PENDING, Delivery.Status.DELIVERING],
                    dispatch_eta__lte=overdue,
                ),
                next_attempt_at__lte=now,
            )
            .order_by("next_attempt_at")
            .values_list("id", flat=True)[:limit]
        )
        if ids:
            # Marked as dispatched, so the next run leaves them alone for the grace period.
            Delivery.objects.filter(id__in=ids).update(dispatch_eta=now)
            enqueue_after_commit(ids)
        # A paused destination's waiting deliveries are held, as a claim would hold them.
        Delivery.objects.filter(
            status=Delivery.Status.PENDING,
            dispatch_eta__isnull=True,
            next_attempt_at__lte=now,
            destination__is_active=False,
        ).update(status=Delivery.Status.HELD, next_attempt_at=None, updated_at=now)
    return len(ids) + deliveries_admit(limit=max(limit - len(ids), 0))
