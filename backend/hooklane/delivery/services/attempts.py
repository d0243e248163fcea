"""One attempt of a delivery: claim it, POST it, record what happened, decide what is next.

A delivery is claimed by moving it to `delivering` with a lease (next_attempt_at = now +
timeout + margin). A task that arrives twice, early, or after the delivery finished finds
nothing to claim and does nothing; a worker that dies mid-attempt leaves the lease to run
out, after which the next claim records the lost attempt as `interrupted` and tries again.
"""

import socket
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from hooklane.core import logs, tracing
from hooklane.core.db import fetchone_prepared
from hooklane.webhooks import hops
from hooklane.webhooks.models import WebhookLog

from .. import expressions, metrics, sender, ssrf, transforms
from ..models import Delivery, DeliveryAttempt, Destination
from ..schedule import next_retry_delay, parse_retry_after
from ..signing import signature_headers
from . import fast_paths
from .alerts import destination_alert_if_due
from .dispatch import enqueue_after_commit, next_waiting_dispatch
from .fast_paths import Claimed
from .routing import log_refresh_status, log_summarise_locked

Outcome = DeliveryAttempt.Outcome
_STATE_FIELDS = [
    "status",
    "next_attempt_at",
    "dispatch_eta",
    "last_status_code",
    "last_error",
    "updated_at",
]


@dataclass
class AttemptResult:
    outcome: str
    status_code: int | None = None
    excerpt: str = ""
    error: str = ""
    duration_ms: int = 0
    retry_after: float | None = field(default=None)


def classify(result: sender.SendResult) -> AttemptResult:
    """What an HTTP answer means for the delivery."""
    code = result.status_code
    found = AttemptResult(outcome=Outcome.HTTP_ERROR, status_code=code, excerpt=result.excerpt)
    if 200 <= code < 300:
        found.outcome = Outcome.SUCCEEDED
    elif 300 <= code < 400:
        found.outcome = Outcome.REDIRECT
        found.error = f"Redirect to {result.location or '(no Location)'} was not followed."[:1000]
    elif code == 410:
        found.outcome = Outcome.GONE
        found.error = "The destination answered 410 Gone; it is paused."
    elif code == 429:
        found.outcome = Outcome.RATE_LIMITED
        found.retry_after = parse_retry_after(result.retry_after)
    else:
        found.error = f"HTTP {code}"
    return found


def _lease(destination: Destination, now):
    margin = settings.DELIVERY_LEASE_MARGIN_SECONDS
    return now + timedelta(seconds=destination.timeout_seconds + margin)


def _claim(delivery_id) -> Claimed | None:
    """Take a due delivery for one attempt, or None when there is nothing to do: the
    general path, for whatever fast_paths.claim_due does not match."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("destination")
            .filter(pk=delivery_id)
            .first()
        )
        if (
            delivery is None
            or delivery.status not in (Delivery.Status.PENDING, Delivery.Status.DELIVERING)
            or delivery.next_attempt_at is None
            or delivery.next_attempt_at > now
        ):
            return None
        destination = delivery.destination
        if destination is None:
            _close(delivery, Delivery.Status.CANCELLED, now)
            return None
        if delivery.status == Delivery.Status.DELIVERING:
            # The previous worker's lease ran out: it died (or hung) mid-attempt.
            lost = AttemptResult(
                outcome=Outcome.INTERRUPTED, error="The worker was lost during this attempt."
            )
            _record(delivery, destination, lost, now)
            metrics.ATTEMPTS.labels(Outcome.INTERRUPTED).inc()
            if delivery.cycle_attempts >= destination.max_attempts:
                _settle_failure(delivery, destination, Delivery.Status.FAILED, None, now)
                transaction.on_commit(
                    lambda: metrics.delivery_finished(delivery, Delivery.Status.FAILED)
                )
                return None
        in_flight = (
            Delivery.objects.filter(
                destination_id=destination.pk, status=Delivery.Status.DELIVERING
            )
            .exclude(pk=delivery.pk)
            .count()
        )
        if destination.is_active and in_flight >= settings.DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION:
            # The destination has all it may have in flight: wait for a place (dispatch.py).
            delivery.status = Delivery.Status.PENDING
            delivery.next_attempt_at = now
            delivery.dispatch_eta = None
            delivery.save(update_fields=["status", "next_attempt_at", "dispatch_eta", "updated_at"])
            return None
        if not destination.is_active:
            delivery.status = Delivery.Status.HELD
            delivery.next_attempt_at = None
            delivery.dispatch_eta = None
            delivery.save(update_fields=["status", "next_attempt_at", "dispatch_eta", "updated_at"])
            return None
        delivery.status = Delivery.Status.DELIVERING
        delivery.attempt_count += 1
        delivery.cycle_attempts += 1
        delivery.next_attempt_at = _lease(destination, now)
        delivery.dispatch_eta = None
        delivery.save(
            update_fields=[
                "status",
                "attempt_count",
                "cycle_attempts",
                "next_attempt_at",
                "dispatch_eta",
                "updated_at",
            ]
        )
    expressive = bool(destination.filter_expression or destination.transformation)
    columns = ["body", "content_type", "received_at"]
    if expressive:
        columns += ["payload", "headers", "event_type", "provider__provider_name"]
    logs_ = WebhookLog.objects.select_related("provider") if expressive else WebhookLog.objects
    log = (
        logs_.only(*columns)
        .annotate(arrived_hops=KeyTextTransform(hops.STORED_NAME, "headers"))
        .filter(pk=delivery.log_id)
        .first()
    )
    if log is None:
        return None
    return Claimed(
        delivery,
        destination,
        bytes(log.body),
        log.content_type,
        log.received_at,
        log.arrived_hops,
        expressions.request_activation(log) if expressive else None,
    )


def _record(delivery: Delivery, destination, result: AttemptResult, now, next_retry_at=None):
    if result.outcome != Outcome.SUCCEEDED:
        # The log carries the fact for the log list's filter; the caller holds the delivery
        # lock and takes the log's after this, the order every attempt locks them in.
        WebhookLog.objects.filter(pk=delivery.log_id, has_failed_attempts=False).update(
            has_failed_attempts=True
        )
    return DeliveryAttempt.objects.create(
        delivery_id=delivery.id,
        log_id=delivery.log_id,
        destination_id=destination.id if destination else None,
        attempt_number=delivery.attempt_count,
        cycle=delivery.cycle,
        outcome=result.outcome,
        status_code=result.status_code,
        response_excerpt=result.excerpt,
        duration_ms=result.duration_ms,
        error=result.error,
        next_retry_at=next_retry_at,
    )


def _close(delivery: Delivery, status: str, now) -> None:
    delivery.status = status
    delivery.next_attempt_at = None
    delivery.dispatch_eta = None
    delivery.finished_at = now
    delivery.save(update_fields=[*_STATE_FIELDS, "finished_at"])
    log_refresh_status(log_id=delivery.log_id)


def _settle_failure(delivery, destination, status, next_attempt_at, now) -> None:
    """Count a failed attempt against the destination and alert its admins when due."""
    Destination.objects.filter(pk=destination.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    failures = (
        Destination.objects.filter(pk=destination.pk)
        .values_list("consecutive_failures", flat=True)
        .first()
    )
    if status == Delivery.Status.FAILED:
        _close(delivery, status, now)
        destination_alert_if_due(
            destination_id=destination.pk, reason="exhausted", delivery_id=delivery.id
        )
    elif failures is not None and failures >= settings.DELIVERY_ALERT_CONSECUTIVE_FAILURES:
        destination_alert_if_due(
            destination_id=destination.pk, reason="failing", delivery_id=delivery.id
        )
    if status == Delivery.Status.PENDING:
        delay = (next_attempt_at - now).total_seconds()
        countdown_ok = delay <= settings.DELIVERY_COUNTDOWN_MAX_SECONDS
        delivery.status = status
        delivery.next_attempt_at = next_attempt_at
        # Short waits ride a countdown task; longer ones wait for the dispatcher, because a
        # task held unacknowledged past the broker's visibility timeout is delivered twice.
        delivery.dispatch_eta = next_attempt_at if countdown_ok else None
        delivery.save(update_fields=_STATE_FIELDS)
        if countdown_ok:
            enqueue_after_commit([delivery.id], countdown=max(delay, 0))


def _finish(claimed: Claimed, result: AttemptResult) -> str | None:
    """Record the attempt and move the delivery to its next state."""
    now = timezone.now()
    delivery_id, attempt_number = claimed.delivery.id, claimed.delivery.attempt_count
    if result.outcome == Outcome.SUCCEEDED:
        with transaction.atomic():
            recorded = fast_paths.record_success(delivery=claimed.delivery, result=result, now=now)
            if recorded is not None:
                log_status, next_waiting = recorded
                if next_waiting is not None:
                    enqueue_after_commit([next_waiting])
                # Read at claim time: a failure racing this success may keep its count until
                # the next success, which errs towards alerting.
                if claimed.destination.consecutive_failures:
                    Destination.objects.filter(
                        pk=claimed.destination.pk, consecutive_failures__gt=0
                    ).update(consecutive_failures=0)
                log_summarise_locked(log_id=claimed.delivery.log_id, status=log_status)
                return Delivery.Status.SUCCEEDED
    # Failures, and a success that record_success found no longer this attempt's (a lease
    # taken over): the one state machine for everything but the common success.
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("destination")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        destination = delivery.destination
        owned = (
            delivery.status == Delivery.Status.DELIVERING
            and delivery.attempt_count == attempt_number
        )
        if not owned:
            # The lease ran out and another worker took over; keep the real outcome on the
            # row it wrote as interrupted, and leave the delivery to that worker.
            DeliveryAttempt.objects.filter(
                delivery_id=delivery_id, attempt_number=attempt_number, outcome=Outcome.INTERRUPTED
            ).update(
                outcome=result.outcome,
                status_code=result.status_code,
                response_excerpt=result.excerpt,
                duration_ms=result.duration_ms,
                error=result.error,
            )
            return None
        if destination is None:
            _record(delivery, None, result, now)
            _close(delivery, Delivery.Status.CANCELLED, now)
            return Delivery.Status.CANCELLED
        delivery.last_status_code = result.status_code
        delivery.last_error = result.error
        if result.outcome == Outcome.GONE:
            _record(delivery, destination, result, now)
            Destination.objects.filter(pk=destination.pk).update(is_active=False)
            delivery.status = Delivery.Status.HELD
            delivery.next_attempt_at = None
            delivery.save(update_fields=_STATE_FIELDS)
            destination_alert_if_due(
                destination_id=destination.pk, reason="gone", delivery_id=delivery.id
            )
            return Delivery.Status.HELD
        delay = next_retry_delay(
            delivery.cycle_attempts,
            schedule=destination.retry_schedule,
            retry_after=result.retry_after,
            max_attempts=destination.max_attempts,
        )
        next_at = None if delay is None else now + timedelta(seconds=delay)
        _record(delivery, destination, result, now, next_retry_at=next_at)
        status = Delivery.Status.FAILED if next_at is None else Delivery.Status.PENDING
        _settle_failure(delivery, destination, status, next_at, now)
        if delivery.dispatch_eta is None:
            # Not riding a countdown: its place goes to the next one waiting.
            next_waiting_dispatch(destination_id=destination.pk, now=now)
        return status


def _on_the_wire(value: str) -> str:
    """A header value as HTTP/1.1 carries it: Latin-1 text as it is, anything else as its
    UTF-8 bytes. Ingest decodes a sender's UTF-8 Content-Type; these are the bytes it sent,
    and without this every attempt crashed encoding it (found by the security suite)."""
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("latin-1")
    return value


@dataclass
class Outgoing:
    """What one attempt sends: the stored request, or what the transformation made of it."""

    url: str
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)  # the transformation's


def _attempt_headers(claimed: Claimed, outgoing: Outgoing, now) -> dict[str, str]:
    headers = {"Content-Type": _on_the_wire(outgoing.content_type) or "application/octet-stream"}
    headers.update(
        (name, value)
        for name, value in (claimed.destination.headers or {}).items()
        # Refused on save; a row from before that rule must not hide the count.
        if name.lower() != hops.STORED_NAME
    )
    headers.update(outgoing.headers)
    headers[hops.HEADER] = hops.forwarded(claimed.hops)
    # Signed last, over exactly the bytes that go: a transformed body is what is signed.
    headers.update(
        signature_headers(
            secrets=claimed.destination.signing_secrets(now),
            msg_id=claimed.delivery.webhook_id,
            timestamp=int(now.timestamp()),
            body=outgoing.body,
        )
    )
    return headers


def _outgoing(claimed: Claimed) -> Outgoing | AttemptResult | None:
    """Run the destination's filter and transformation: what to send, a failed attempt
    (filter_error, transform_error), or None when the filter lets the webhook pass by."""
    destination = claimed.destination
    outgoing = Outgoing(url=destination.url, body=claimed.body, content_type=claimed.content_type)
    if not (destination.filter_expression or destination.transformation):
        return outgoing
    request = claimed.request or expressions.activation_from()
    if destination.filter_expression:
        try:
            program = expressions.compile_filter(destination.filter_expression)
            matched, reason = expressions.filter_decide(program, request)
        except expressions.ExpressionError as exc:
            return AttemptResult(outcome=Outcome.FILTER_ERROR, error=f"Filter: {exc}"[:1000])
        if not matched:
            claimed.filtered_because = reason
            return None
    if destination.transformation:
        try:
            program = transforms.compile_transformation(destination.transformation)
            made = transforms.transform(program, destination.transformation, request)
        except expressions.ExpressionError as exc:
            error = f"Transformation: {exc}"[:1000]
            return AttemptResult(outcome=Outcome.TRANSFORM_ERROR, error=error)
        if made.body is not None:
            outgoing.body = made.body
        if made.content_type:
            outgoing.content_type = made.content_type
        outgoing.headers = made.headers
        outgoing.url = transforms.transformed_url(destination.url, made.path)
    return outgoing


_FILTERED = """
UPDATE deliveries
SET status = 'filtered', attempt_count = attempt_count - 1, cycle_attempts = cycle_attempts - 1,
    next_attempt_at = NULL, dispatch_eta = NULL, last_status_code = NULL,
    last_error = %(reason)s, finished_at = %(now)s, updated_at = %(now)s
WHERE id = %(id)s AND status = 'delivering' AND attempt_count = %(number)s
RETURNING log_id
"""


def _filtered(claimed: Claimed) -> str | None:
    """Close a delivery its filter did not let through: no attempt was made (the claim's
    count is given back), its place goes to the next waiting delivery, and the log sums it
    up like no delivery at all."""
    now = timezone.now()
    params = {
        "id": claimed.delivery.id,
        "number": claimed.delivery.attempt_count,
        "reason": claimed.filtered_because or "",
        "now": now,
    }
    with transaction.atomic():
        row = fetchone_prepared(_FILTERED, params)
        if row is None:
            return None  # the lease ran out and another worker owns it now
        log_refresh_status(log_id=row[0])
        next_waiting_dispatch(destination_id=claimed.destination.pk, now=now)
    return Delivery.Status.FILTERED


def _span_attributes(result: AttemptResult) -> dict[str, object]:
    found: dict[str, object] = {"hooklane.attempt.outcome": str(result.outcome)}
    if result.status_code is not None:
        found["http.response.status_code"] = result.status_code
    return found


def delivery_attempt(*, delivery_id, resolve_with=socket.getaddrinfo) -> str | None:
    """Make the next attempt of a due delivery and record it; returns the delivery's new
    status, or None when there was nothing to do (not due, finished, held, or taken)."""
    claimed = fast_paths.claim_due(delivery_id=delivery_id, now=timezone.now())
    if claimed is None:
        claimed = _claim(delivery_id)
    if claimed is None:
        return None
    delivery = claimed.delivery
    logs.bind(
        log_id=delivery.log_id,
        organization_id=delivery.organization_id,
        destination_id=claimed.destination.id,
    )
    with tracing.span(
        "delivery attempt",
        {
            "hooklane.delivery.id": str(delivery.id),
            "hooklane.destination.id": str(claimed.destination.id),
            "hooklane.attempt.number": delivery.attempt_count,
        },
        kind="CLIENT",
    ) as span:
        now = timezone.now()
        started = time.monotonic()
        outgoing = _outgoing(claimed)
        if outgoing is None:
            span.set_attributes({"hooklane.attempt.outcome": "filtered"})
            status = _filtered(claimed)
            if status is not None:
                metrics.delivery_finished(delivery, status)
            return status
        if isinstance(outgoing, AttemptResult):
            result = outgoing
        else:
            result = _send(claimed, outgoing, now, resolve_with)
        result.duration_ms = int((time.monotonic() - started) * 1000)
        span.set_attributes(_span_attributes(result))
        status = _finish(claimed, result)
        metrics.attempt_counted(
            claimed=claimed, outcome=result.outcome, duration_ms=result.duration_ms, status=status
        )
        return status


def _send(claimed: Claimed, outgoing: Outgoing, now, resolve_with) -> AttemptResult:
    """POST what goes out and say what the answer means."""
    try:
        # Checked again at connect time, and the connection goes to the address checked.
        target = ssrf.vet_url(outgoing.url, resolve_with=resolve_with)
        response = sender.post(
            target,
            body=outgoing.body,
            headers=_attempt_headers(claimed, outgoing, now),
            timeout=claimed.destination.timeout_seconds,
        )
    except ssrf.UnsafeDestination as exc:
        return AttemptResult(outcome=Outcome.REFUSED, error=str(exc))
    except sender.SendTimeout as exc:
        return AttemptResult(outcome=Outcome.TIMEOUT, error=str(exc))
    except sender.SendConnectionError as exc:
        return AttemptResult(outcome=Outcome.CONNECTION_ERROR, error=str(exc))
    return classify(response)
