"""Filters and transformations end to end: ingest, the real broker and worker, and a real
local receiver that checks the signature over what it got."""

import json

import pytest
import standardwebhooks
from werkzeug import Response

from hooklane.delivery.models import Delivery, DeliveryAttempt
from hooklane.webhooks.models import WebhookLog

from .helpers import make_destination, make_provider, receiver_url, wait_for_delivery, wait_for_log

pytestmark = pytest.mark.django_db(transaction=True)
Outcome = DeliveryAttempt.Outcome
AMOUNT = "body.data.object.amount >= 1000"
GITHUB_PUSH = 'headers["x-github-event"] == "push" && body.ref == "refs/heads/main"'


def charge(amount: int, event_id: str) -> bytes:
    return json.dumps(
        {"id": event_id, "type": "charge.succeeded", "data": {"object": {"amount": amount}}}
    ).encode()


def ingest(client, provider, body: bytes, **headers) -> WebhookLog:
    response = client.post(
        f"/in/{provider.ingest_key}", body, content_type="application/json", headers=headers
    )
    assert response.status_code == 200, response.content
    return WebhookLog.objects.get(pk=response.json()["id"])


def recorder(httpserver, path: str) -> list:
    received: list = []

    def receive(request):
        received.append(request)
        return Response("ok", status=200)

    httpserver.expect_request(path, method="POST").respond_with_handler(receive)
    return received


def test_a_filter_sends_what_matches_and_records_the_rest_as_filtered(
    celery_worker, httpserver, org_a, org_b, client
):
    big = recorder(httpserver, "/big")
    pushes = recorder(httpserver, "/pushes")
    theirs = recorder(httpserver, "/theirs")
    provider = make_provider(org_a)
    make_destination(org_a, receiver_url(httpserver, "/big"), filter_expression=AMOUNT)
    pushes_only = make_destination(
        org_a, receiver_url(httpserver, "/pushes"), name="pushes", filter_expression=GITHUB_PUSH
    )
    # Organization B's own destination, no filter, watching its own webhook go through.
    make_destination(org_b, receiver_url(httpserver, "/theirs"))

    large = ingest(client, provider, charge(2500, "evt_large"))
    small = ingest(client, provider, charge(5, "evt_small"))
    other = ingest(client, make_provider(org_b), charge(1, "evt_b"))

    wait_for_log(large, status=WebhookLog.Status.DELIVERED)
    # Filtered everywhere: summed up like a log no destination wanted.
    wait_for_log(small, status=WebhookLog.Status.PROCESSED)
    wait_for_log(other, status=WebhookLog.Status.DELIVERED)
    assert [json.loads(request.get_data())["id"] for request in big] == ["evt_large"]
    assert pushes == []
    assert [json.loads(request.get_data())["id"] for request in theirs] == ["evt_b"]
    skipped = Delivery.objects.get(log=large, destination=pushes_only)
    assert skipped.status == Delivery.Status.FILTERED
    # A Stripe body has no `ref`: no match (not an error), and the reason is kept.
    assert "No such key" in skipped.last_error
    assert skipped.attempt_count == 0
    assert not DeliveryAttempt.objects.filter(log=small).exists()
    assert set(Delivery.objects.filter(log=small).values_list("status", flat=True)) == {
        Delivery.Status.FILTERED
    }


def test_a_transformed_forward_is_signed_over_the_bytes_sent(
    celery_worker, httpserver, org_a, client
):
    received = recorder(httpserver, "/hooks/charges/evt_7")
    destination = make_destination(
        org_a,
        receiver_url(httpserver, "/hooks"),
        transformation=(
            '{"body": {"text": "Charge of " & $string(body.data.object.amount)},'
            ' "headers": {"X-Event": body.type}, "path": "/charges/" & body.id}'
        ),
    )

    log = ingest(client, make_provider(org_a), charge(2500, "evt_7"))

    wait_for_log(log, status=WebhookLog.Status.DELIVERED)
    [request] = received
    body = request.get_data()
    assert json.loads(body) == {"text": "Charge of 2500"}
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Event"] == "charge.succeeded"
    standardwebhooks.Webhook(destination.signing_secret).verify(
        body, dict(request.headers), json_parse=False
    )


def test_a_failing_transformation_records_a_failed_attempt_and_the_worker_goes_on(
    celery_worker, httpserver, org_a, org_b, client
):
    received = recorder(httpserver, "/broken")
    fine = recorder(httpserver, "/fine")
    make_destination(
        org_a,
        receiver_url(httpserver, "/broken"),
        transformation='{"body":\n  body.data.object.amount + "x"}',
        max_attempts=1,
    )
    make_destination(org_b, receiver_url(httpserver, "/fine"))

    log = ingest(client, make_provider(org_a), charge(2500, "evt_bad"))
    delivery = wait_for_delivery(log, status=Delivery.Status.FAILED)
    # The same worker still serves the next webhook, of another organization.
    other = ingest(client, make_provider(org_b), charge(1, "evt_ok"))
    wait_for_log(other, status=WebhookLog.Status.DELIVERED)

    [attempt] = delivery.attempts.all()
    assert attempt.outcome == Outcome.TRANSFORM_ERROR
    assert "line 2, column" in attempt.error
    assert "number" in attempt.error
    assert attempt.status_code is None
    assert received == []
    assert len(fine) == 1
    wait_for_log(log, status=WebhookLog.Status.FAILED)


def test_a_filter_that_fails_at_run_time_records_a_filter_error(
    celery_worker, httpserver, org_a, client
):
    received = recorder(httpserver, "/typed")
    make_destination(
        org_a,
        receiver_url(httpserver, "/typed"),
        filter_expression="body.data > 1",
        max_attempts=1,
    )

    log = ingest(client, make_provider(org_a), charge(2500, "evt_typed"))

    delivery = wait_for_delivery(log, status=Delivery.Status.FAILED)
    [attempt] = delivery.attempts.all()
    assert attempt.outcome == Outcome.FILTER_ERROR
    assert "overload" in attempt.error
    assert received == []
