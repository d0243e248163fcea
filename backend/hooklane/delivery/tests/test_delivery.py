"""Forwarding through the real broker and worker to a real local receiver: success, each
failure class, retries, Retry-After and 410."""

import json
import threading
import time

import pytest
import standardwebhooks
from werkzeug import Response

from hooklane.delivery.models import Delivery, DeliveryAttempt, Destination
from hooklane.delivery.services import log_route
from hooklane.webhooks.models import WebhookLog

from .helpers import (
    closed_port,
    make_destination,
    make_log,
    make_provider,
    receiver_url,
    wait_for_delivery,
    wait_for_log,
)

pytestmark = pytest.mark.django_db(transaction=True)
Outcome = DeliveryAttempt.Outcome


def test_it_forwards_an_ingested_webhook_signed_for_the_receiver(
    celery_worker, httpserver, org_a, client
):
    received = []

    def receive(request):
        received.append(
            {
                "body": request.get_data(),
                "headers": dict(request.headers),
                "verified": _verify(destination.signing_secret, request),
            }
        )
        return Response("ok", status=200)

    httpserver.expect_request("/hook", method="POST").respond_with_handler(receive)
    provider = make_provider(org_a)
    destination = make_destination(
        org_a, receiver_url(httpserver), headers={"Authorization": "Bearer downstream"}
    )
    body = json.dumps({"id": "evt_42", "type": "invoice.paid", "amount": 1200}).encode()

    response = client.post(
        f"/in/{provider.ingest_key}", body, content_type="application/json; charset=utf-8"
    )

    assert response.status_code == 200
    log = WebhookLog.objects.get(pk=response.json()["id"])
    wait_for_log(log, status=WebhookLog.Status.DELIVERED)
    assert log.processed_at is not None
    [request] = received
    assert request["body"] == body
    assert request["verified"] is True
    assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert request["headers"]["Authorization"] == "Bearer downstream"
    delivery = Delivery.objects.get(log=log)
    assert request["headers"]["Webhook-Id"] == delivery.webhook_id
    assert delivery.status == Delivery.Status.SUCCEEDED
    [attempt] = delivery.attempts.all()
    assert (attempt.attempt_number, attempt.outcome, attempt.status_code) == (
        1,
        Outcome.SUCCEEDED,
        200,
    )
    assert attempt.response_excerpt == "ok"
    assert attempt.destination_id == destination.id and attempt.log_id == log.id


def _verify(secret, request) -> bool:
    try:
        standardwebhooks.Webhook(secret).verify(
            request.get_data(), dict(request.headers), json_parse=False
        )
    except standardwebhooks.WebhookVerificationError:
        return False
    return True


def test_a_log_no_destination_wants_ends_processed(celery_worker, httpserver, org_a, client):
    provider = make_provider(org_a)
    make_destination(org_a, receiver_url(httpserver), event_types=["customer.*"])
    body = json.dumps({"id": "evt_1", "type": "invoice.paid"}).encode()

    response = client.post(f"/in/{provider.ingest_key}", body, content_type="application/json")

    log = WebhookLog.objects.get(pk=response.json()["id"])
    wait_for_log(log, status=WebhookLog.Status.PROCESSED)
    assert not Delivery.objects.filter(log=log).exists()
    assert httpserver.log == []


def test_it_retries_server_errors_on_the_schedule_until_success(celery_worker, httpserver, org_a):
    answers = iter([503, 500, 200])
    httpserver.expect_request("/hook").respond_with_handler(
        lambda request: Response("busy", status=next(answers))
    )
    destination = make_destination(org_a, receiver_url(httpserver), retry_schedule=[0.2, 0.4, 0.8])
    log = make_log(make_provider(org_a))

    assert log_route(log_id=log.id).destinations == 1

    delivery = wait_for_delivery(log, status=Delivery.Status.SUCCEEDED)
    attempts = list(delivery.attempts.order_by("attempt_number"))
    assert [(a.outcome, a.status_code) for a in attempts] == [
        (Outcome.HTTP_ERROR, 503),
        (Outcome.HTTP_ERROR, 500),
        (Outcome.SUCCEEDED, 200),
    ]
    # Each retry was scheduled one step later (±10 % jitter), and the log reads delivered.
    for attempt, step in zip(attempts[:2], [0.2, 0.4], strict=True):
        waited = (attempt.next_retry_at - attempt.created_at).total_seconds()
        assert step * 0.85 <= waited <= step * 1.15
    assert attempts[2].next_retry_at is None
    wait_for_log(log, status=WebhookLog.Status.DELIVERED)
    destination.refresh_from_db()
    assert destination.consecutive_failures == 0
    # Every attempt carried the same webhook-id, so the receiver can deduplicate.
    assert {req.headers["webhook-id"] for req, _ in httpserver.log} == {delivery.webhook_id}


def test_after_the_last_attempt_the_delivery_and_the_log_fail(celery_worker, httpserver, org_a):
    httpserver.expect_request("/hook").respond_with_data("nope", status=500)
    make_destination(org_a, receiver_url(httpserver), max_attempts=3, retry_schedule=[0.05, 0.05])
    log = make_log(make_provider(org_a))

    log_route(log_id=log.id)

    delivery = wait_for_delivery(log, status=Delivery.Status.FAILED)
    assert delivery.attempt_count == 3 and len(httpserver.log) == 3
    assert delivery.last_status_code == 500
    wait_for_log(log, status=WebhookLog.Status.FAILED)
    assert delivery.attempts.order_by("-attempt_number").first().next_retry_at is None


def test_one_failed_destination_fails_the_log_once_the_others_finish(
    celery_worker, httpserver, org_a
):
    httpserver.expect_request("/ok").respond_with_data("fine")
    httpserver.expect_request("/broken").respond_with_data("no", status=400)
    make_destination(org_a, receiver_url(httpserver, "/ok"), name="good")
    make_destination(org_a, receiver_url(httpserver, "/broken"), name="bad", max_attempts=1)
    log = make_log(make_provider(org_a))

    assert log_route(log_id=log.id).destinations == 2

    wait_for_log(log, status=WebhookLog.Status.FAILED)
    statuses = set(Delivery.objects.filter(log=log).values_list("status", flat=True))
    assert statuses == {Delivery.Status.SUCCEEDED, Delivery.Status.FAILED}


def test_a_slow_receiver_is_a_timeout(celery_worker, httpserver, org_a):
    answered = threading.Event()

    def slow(request):
        time.sleep(2.5)
        answered.set()
        return Response("late")

    httpserver.expect_request("/hook").respond_with_handler(slow)
    make_destination(org_a, receiver_url(httpserver), timeout_seconds=1, max_attempts=1)
    log = make_log(make_provider(org_a))

    log_route(log_id=log.id)

    delivery = wait_for_delivery(log, status=Delivery.Status.FAILED)
    [attempt] = delivery.attempts.all()
    assert attempt.outcome == Outcome.TIMEOUT and attempt.status_code is None
    assert "No response within 1 s" in attempt.error
    # The receiver finishes its late answer before the next test uses it.
    assert answered.wait(10)


def test_a_refused_connection_is_a_connection_error(celery_worker, org_a):
    make_destination(org_a, f"http://127.0.0.1:{closed_port()}/hook", max_attempts=1)
    log = make_log(make_provider(org_a))

    log_route(log_id=log.id)

    delivery = wait_for_delivery(log, status=Delivery.Status.FAILED)
    [attempt] = delivery.attempts.all()
    assert attempt.outcome == Outcome.CONNECTION_ERROR
    assert "refused" in attempt.error.lower()


def test_a_redirect_is_recorded_and_never_followed(celery_worker, httpserver, org_a):
    httpserver.expect_request("/hook").respond_with_data(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    make_destination(org_a, receiver_url(httpserver), max_attempts=1)
    log = make_log(make_provider(org_a))

    log_route(log_id=log.id)

    delivery = wait_for_delivery(log, status=Delivery.Status.FAILED)
    [attempt] = delivery.attempts.all()
    assert (attempt.outcome, attempt.status_code) == (Outcome.REDIRECT, 302)
    assert "169.254.169.254" in attempt.error and "not followed" in attempt.error
    assert len(httpserver.log) == 1


def test_it_waits_as_long_as_retry_after_asks(celery_worker, httpserver, org_a):
    answers = iter([Response("slow down", status=429, headers={"Retry-After": "1"})])
    httpserver.expect_request("/hook").respond_with_handler(
        lambda request: next(answers, Response("ok"))
    )
    make_destination(org_a, receiver_url(httpserver), retry_schedule=[3600])
    log = make_log(make_provider(org_a))

    log_route(log_id=log.id)

    delivery = wait_for_delivery(log, status=Delivery.Status.SUCCEEDED)
    first, second = delivery.attempts.order_by("attempt_number")
    assert (first.outcome, first.status_code) == (Outcome.RATE_LIMITED, 429)
    # One second as asked, not the destination's one-hour step.
    assert 0.9 <= (first.next_retry_at - first.created_at).total_seconds() <= 1.1
    assert second.outcome == Outcome.SUCCEEDED


def test_410_gone_pauses_the_destination_and_holds_its_deliveries(celery_worker, httpserver, org_a):
    httpserver.expect_request("/hook").respond_with_data("gone", status=410)
    destination = make_destination(org_a, receiver_url(httpserver))
    provider = make_provider(org_a)
    first = make_log(provider)

    log_route(log_id=first.id)

    wait_for_delivery(first, status=Delivery.Status.HELD)
    destination.refresh_from_db()
    assert destination.is_active is False
    assert first.deliveries.get().attempts.get().outcome == Outcome.GONE
    second = make_log(provider)
    log_route(log_id=second.id)
    assert second.deliveries.get().status == Delivery.Status.HELD
    assert len(httpserver.log) == 1
    for log in (first, second):
        log.refresh_from_db()
        assert log.status == WebhookLog.Status.PROCESSING


def test_a_paused_destination_holds_deliveries_and_resume_sends_them(
    celery_worker, httpserver, org_a, admin_a, api_client_for
):
    httpserver.expect_request("/hook").respond_with_data("ok")
    destination = make_destination(org_a, receiver_url(httpserver), is_active=False)
    logs = [make_log(make_provider(org_a)) for _ in range(3)]
    for log in logs:
        log_route(log_id=log.id)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.HELD}
    assert httpserver.log == []

    response = api_client_for(admin_a).post(f"/api/v1/destinations/{destination.id}/resume/")

    assert response.status_code == 200
    assert response.json()["released"] == 3 and response.json()["is_active"] is True
    for log in logs:
        wait_for_log(log, status=WebhookLog.Status.DELIVERED)
    assert len(httpserver.log) == 3
    assert Destination.objects.get(pk=destination.pk).is_active


def test_sibling_deliveries_finishing_together_leave_the_log_delivered(org_a, settings):
    """Each delivery that finishes sums up its log's status; done at the same instant by
    separate workers, each must see the others' results (the log row's lock orders them),
    or the log stays `processing` for good."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from django.db import connection
    from django.utils import timezone

    from hooklane.delivery.services import delivery_attempt

    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    siblings, rounds = 6, 5
    together = threading.Barrier(siblings, timeout=30)

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            together.wait()  # every sibling's request is in before any is answered
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    provider = make_provider(org_a)
    destinations = [make_destination(org_a, url, name=f"d{n}") for n in range(siblings)]
    results: list[str | None] = []

    def attempt(delivery_id):
        try:
            results.append(delivery_attempt(delivery_id=delivery_id))
        finally:
            connection.close()

    try:
        for _ in range(rounds):
            log = make_log(provider, status=WebhookLog.Status.PROCESSING)
            now = timezone.now()
            deliveries = [
                Delivery.objects.create(
                    organization=org_a, log=log, destination=d, next_attempt_at=now
                )
                for d in destinations
            ]
            workers = [threading.Thread(target=attempt, args=(d.id,)) for d in deliveries]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join(60)

            log.refresh_from_db()
            assert log.status == WebhookLog.Status.DELIVERED
            assert log.processed_at is not None
    finally:
        server.shutdown()
    assert results == [Delivery.Status.SUCCEEDED] * siblings * rounds
