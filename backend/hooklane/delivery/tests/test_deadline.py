"""One deadline per attempt, and time limits per task: a receiver that trickles its answer
costs its destination's timeout and is recorded `timeout`, while another organization's
deliveries go through; a delivery task stopped by its soft or hard time limit is recovered
by its lease."""

import json
import socket
import threading
import uuid

import pytest
from celery import current_app as app
from django.utils import timezone
from werkzeug import Response

from hooklane.delivery.models import Delivery, DeliveryAttempt
from hooklane.delivery.services import deliveries_dispatch_due, delivery_attempt
from hooklane.delivery.tasks import deliver_webhook
from hooklane.webhooks.models import WebhookLog

from .helpers import (
    make_destination,
    make_log,
    make_provider,
    receiver_url,
    start_worker,
    stop_worker,
    wait_for_log,
    wait_until,
)

pytestmark = pytest.mark.django_db(transaction=True)
Outcome = DeliveryAttempt.Outcome
# What an attempt may take past its timeout: the bookkeeping around the request.
MARGIN_MS = 1000

HEAD_THEN_BODY = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"
STATUS_THEN_HEADER = b"HTTP/1.1 200 OK\r\nX-Slow: "


class TrickleServer:
    """A raw socket server on 127.0.0.1 that reads each request's head, sends `start` at
    once and then one byte a second, until the client goes away or the server stops."""

    def __init__(self, start: bytes) -> None:
        self.start = start
        self.stopped = threading.Event()
        self.requests = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()
        self.listener.close()

    def _trickle(self, conn: socket.socket) -> None:
        with conn:
            received = b""
            while b"\r\n\r\n" not in received:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                received += chunk
            self.requests += 1
            try:
                conn.sendall(self.start)
                while not self.stopped.wait(1):
                    conn.sendall(b"a")
            except OSError:
                return  # the client hung up: its deadline passed

    def stop(self) -> None:
        self.stopped.set()


def pending_delivery(log, destination) -> Delivery:
    """A due delivery no task was queued for: only the test decides who attempts it."""
    WebhookLog.objects.filter(pk=log.pk).update(status=WebhookLog.Status.PROCESSING)
    now = timezone.now()
    return Delivery.objects.create(
        organization=log.organization,
        log=log,
        destination=destination,
        next_attempt_at=now,
        dispatch_eta=now,
    )


@pytest.fixture
def trickler_factory():
    servers: list[TrickleServer] = []

    def build(start: bytes) -> TrickleServer:
        servers.append(TrickleServer(start))
        return servers[-1]

    yield build
    for server in servers:
        server.stop()


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (STATUS_THEN_HEADER, "No response within 2 s."),
        (HEAD_THEN_BODY, "HTTP 200 came, but its body was still arriving after 2 s."),
    ],
    ids=["headers", "body"],
)
def test_a_trickling_receiver_costs_its_timeout_and_is_a_timeout(
    settings, org_a, trickler_factory, start, message
):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    trickler = trickler_factory(start)
    destination = make_destination(org_a, trickler.url, timeout_seconds=2, max_attempts=1)
    delivery = pending_delivery(make_log(make_provider(org_a)), destination)

    assert delivery_attempt(delivery_id=delivery.id) == Delivery.Status.FAILED

    [attempt] = delivery.attempts.all()
    assert (attempt.outcome, attempt.status_code, attempt.error) == (Outcome.TIMEOUT, None, message)
    # The deadline, not the receiver, ended it: at the timeout, not a byte-second later.
    assert 2000 <= attempt.duration_ms < 2000 + MARGIN_MS
    assert trickler.requests == 1 and not trickler.stopped.is_set()


def test_a_trickling_destination_of_one_organization_does_not_hold_back_another(
    settings, celery_worker, client, httpserver, org_a, org_b, trickler_factory
):
    """The report that started it: A's destination answers a byte a second; A sends more
    webhooks than the worker has processes, then B sends 3 to a healthy receiver."""
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    trickler = trickler_factory(HEAD_THEN_BODY)
    httpserver.expect_request("/hook").respond_with_data("ok")
    make_destination(org_a, trickler.url, timeout_seconds=2, max_attempts=1)
    make_destination(org_b, receiver_url(httpserver))
    provider_a, provider_b = make_provider(org_a), make_provider(org_b)

    def send(provider) -> WebhookLog:
        body = json.dumps({"id": f"evt_{uuid.uuid4().hex}", "type": "invoice.paid"}).encode()
        response = client.post(f"/in/{provider.ingest_key}", body, content_type="application/json")
        assert response.status_code == 200
        return WebhookLog.objects.get(pk=response.json()["id"])

    logs_a = [send(provider_a) for _ in range(6)]  # three times the session worker's 2
    logs_b = [send(provider_b) for _ in range(3)]

    for log in logs_b:
        wait_for_log(log, status=WebhookLog.Status.DELIVERED, timeout=30)
    assert len(httpserver.log) == 3
    # A's receiver never stopped trickling; each of its attempts ended at its own deadline.
    assert not trickler.stopped.is_set()
    for log in logs_a:
        wait_for_log(log, status=WebhookLog.Status.FAILED, timeout=30)
    attempts = DeliveryAttempt.objects.filter(log__in=logs_a)
    assert [a.outcome for a in attempts] == [Outcome.TIMEOUT] * 6
    assert all(2000 <= a.duration_ms < 2000 + MARGIN_MS for a in attempts)


def pool_processes(node: str) -> list[int]:
    stats = app.control.inspect(destination=[node], timeout=2).stats() or {}
    return stats.get(node, {}).get("pool", {}).get("processes", [])


@pytest.mark.parametrize("limit", ["soft", "hard"])
def test_a_delivery_over_its_time_limit_is_stopped_and_recovered_by_its_lease(
    settings, httpserver, org_a, tmp_path, limit
):
    """The receiver holds the first request past the task's limit (2 s) but within the
    destination's timeout (4 s): only the limit can end that attempt."""
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    arrived, release = threading.Event(), threading.Event()
    seen = []

    def receive(request):
        seen.append(request.headers["webhook-id"])
        if len(seen) == 1:
            arrived.set()
            release.wait(60)
        return Response("ok")

    httpserver.expect_request("/hook").respond_with_handler(receive)
    destination = make_destination(org_a, receiver_url(httpserver), timeout_seconds=4)
    log = make_log(make_provider(org_a))
    delivery = pending_delivery(log, destination)
    queue = f"limit-test-{uuid.uuid4().hex[:8]}"
    name = f"{limit}-{queue}"
    worker = start_worker(name, f"{queue},deliveries", tmp_path / "worker.log", pool="prefork")
    try:
        node = f"{name}@{socket.gethostname()}"
        before = wait_until(lambda: pool_processes(node), timeout=60, what="the worker")
        # The limits travel in the message, as the publisher's settings give them. soft:
        # SoftTimeLimitExceeded is raised inside the task; hard: equal to the soft one, so
        # the pool kills the process at once after raising it.
        soft, hard = {"soft": (1, 5), "hard": (2, 2)}[limit]
        deliver_webhook.apply_async(
            args=[str(delivery.id)], queue=queue, soft_time_limit=soft, time_limit=hard
        )
        assert arrived.wait(60), f"no request arrived; see {tmp_path / 'worker.log'}"

        # The task is stopped while the receiver still holds the request: the soft limit
        # ends it in its process, the hard one kills the process (the pool starts another).
        wait_until(
            lambda: not any((app.control.inspect([node], timeout=2).active() or {}).values()),
            timeout=30,
            what="the task to be stopped",
        )
        if limit == "soft":
            assert pool_processes(node) == before
        else:
            wait_until(
                lambda: pool_processes(node) not in ([], before),
                timeout=30,
                what="the pool to replace its killed process",
            )
        assert len(seen) == 1 and not release.is_set()
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.DELIVERING  # what the lease recovers
        release.set()  # the test's receiver serves one request at a time

        # The lease (4 s + 1 s) runs out; beat's dispatcher queues the delivery again.
        wait_until(
            lambda: deliveries_dispatch_due(grace_seconds=0) == 1,
            timeout=30,
            what="the lease to run out",
        )
        wait_for_log(log, status=WebhookLog.Status.DELIVERED, timeout=30)
    finally:
        release.set()
        stop_worker(worker)

    attempts = destination.attempts.order_by("attempt_number")
    assert [(a.attempt_number, a.outcome) for a in attempts] == [
        (1, Outcome.INTERRUPTED),
        (2, Outcome.SUCCEEDED),
    ]
    assert seen == [delivery.webhook_id] * 2
