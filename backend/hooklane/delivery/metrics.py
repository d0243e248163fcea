"""Delivery's metrics: attempts and finished deliveries by outcome, retries, durations and
receipt-to-delivery latency, counted by the worker that made the attempt; and, read from
the deliveries table when /metrics is scraped, how many attempts are in flight."""

from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from hooklane.accounts.metrics import OTHER, organization_label_by_id
from hooklane.core.metrics import SECONDS_BUCKETS, Counter, Histogram, Probes, at_scrape

from .models import Delivery, DeliveryAttempt

# From a webhook's receipt to its delivery: milliseconds when all goes well, hours when it
# waited for retries (the schedule runs to about a day).
LATENCY_BUCKETS = (
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0,
    3600.0, 4 * 3600.0, 12 * 3600.0, 36 * 3600.0,
)  # fmt: skip
# What a finished attempt left its delivery as, for those that end it.
_FINISHED = {
    Delivery.Status.SUCCEEDED: "succeeded",
    Delivery.Status.FAILED: "failed",
    Delivery.Status.HELD: "held",
    Delivery.Status.CANCELLED: "cancelled",
    Delivery.Status.FILTERED: "filtered",
}
_PER_ORGANIZATION = ("succeeded", "failed")
# The scrape's count is a query; it must not hold the scrape up.
_SCRAPE_STATEMENT_TIMEOUT_MS = 2000

ATTEMPTS = Counter(
    "hooklane_delivery_attempts_total",
    "Delivery attempts by outcome (succeeded, http_error, timeout, connection_error, "
    "refused, redirect, gone, rate_limited, interrupted: the worker was lost; filter_error, "
    "transform_error: the destination's expression failed and nothing was sent).",
    ["outcome"],
)
ATTEMPT_DURATION = Histogram(
    "hooklane_delivery_attempt_duration_seconds",
    "How long a destination took to answer an attempt (or to fail it).",
    buckets=SECONDS_BUCKETS,
)
DELIVERIES = Counter(
    "hooklane_deliveries_total",
    "Deliveries finished, by outcome: succeeded, failed (attempts exhausted), held (the "
    "destination answered 410 and was paused), cancelled (the destination was deleted), "
    "filtered (its filter did not match, so nothing was sent).",
    ["outcome"],
)
RETRIES = Counter(
    "hooklane_delivery_retries_scheduled_total",
    "Failed attempts after which another attempt was scheduled.",
)
LATENCY = Histogram(
    "hooklane_delivery_latency_seconds",
    "From a webhook's receipt (received_at) to its successful delivery, retries included; "
    "replays are left out.",
    buckets=LATENCY_BUCKETS,
)
ORGANIZATION_DELIVERIES = Counter(
    "hooklane_organization_deliveries_total",
    "Deliveries finished per organization (those in METRICS_ORGANIZATIONS; `other` for the "
    "rest), by outcome: succeeded or failed.",
    ["organization", "outcome"],
)

for _outcome in DeliveryAttempt.Outcome.values:
    ATTEMPTS.labels(_outcome)
for _outcome in _FINISHED.values():
    DELIVERIES.labels(_outcome)
for _outcome in _PER_ORGANIZATION:
    ORGANIZATION_DELIVERIES.labels(OTHER, _outcome)


def attempt_counted(*, claimed, outcome: str, duration_ms: int, status: str | None) -> None:
    """Count an attempt that was made, and what it left its delivery as (`status`, as
    delivery_attempt returns it)."""
    ATTEMPTS.labels(outcome).inc()
    ATTEMPT_DURATION.observe(duration_ms / 1000)
    if status == Delivery.Status.PENDING:
        RETRIES.inc()
        return
    finished = _FINISHED.get(status)
    if finished is None:
        return
    delivery_finished(claimed.delivery, status)
    delivery = claimed.delivery
    if finished == "succeeded" and delivery.cycle == 1 and claimed.received_at is not None:
        LATENCY.observe(max(0.0, (timezone.now() - claimed.received_at).total_seconds()))


def delivery_finished(delivery, status: str) -> None:
    """Count a delivery that has just ended as `status` (a Delivery.Status in _FINISHED):
    after an attempt, or when the attempt that used its last try was lost with its worker."""
    finished = _FINISHED[status]
    DELIVERIES.labels(finished).inc()
    if finished in _PER_ORGANIZATION:
        label = organization_label_by_id(delivery.organization_id)
        ORGANIZATION_DELIVERIES.labels(label, finished).inc()


@at_scrape
def _in_flight(probes: Probes):
    """Attempts under way (deliveries a worker has claimed, whose lease has not run out or
    whose worker was lost and not yet noticed) and deliveries waiting for an attempt."""
    if not probes.postgres:
        return
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {_SCRAPE_STATEMENT_TIMEOUT_MS}")
            counts = dict(
                Delivery.objects.filter(
                    status__in=[Delivery.Status.PENDING, Delivery.Status.DELIVERING]
                )
                .order_by()
                .values_list("status")
                .annotate(count=Count("id"))
            )
    except DatabaseError:
        return
    in_flight = GaugeMetricFamily(
        "hooklane_delivery_attempts_in_flight",
        "Deliveries claimed by a worker for an attempt (status delivering).",
    )
    in_flight.add_metric([], counts.get(Delivery.Status.DELIVERING, 0))
    pending = GaugeMetricFamily(
        "hooklane_deliveries_pending",
        "Deliveries waiting for their next attempt: queued, or scheduled for a retry.",
    )
    pending.add_metric([], counts.get(Delivery.Status.PENDING, 0))
    yield in_flight
    yield pending
