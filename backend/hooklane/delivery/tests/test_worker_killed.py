"""A worker killed with SIGKILL in the middle of a request does not lose the delivery: its
lease runs out, the dispatcher (beat's job, run here by the test) queues it again and a new
worker finishes it, under the same webhook-id so the receiver can deduplicate."""

import threading
import uuid

import pytest
from django.utils import timezone
from werkzeug import Response

from hooklane.delivery.models import Delivery, DeliveryAttempt
from hooklane.delivery.services import deliveries_dispatch_due
from hooklane.delivery.tasks import deliver_webhook
from hooklane.webhooks.models import WebhookLog

from .helpers import (
    make_destination,
    make_log,
    make_provider,
    receiver_url,
    start_worker,
    wait_until,
)
from .helpers import stop_worker as stop


@pytest.mark.django_db(transaction=True)
def test_a_delivery_completes_after_its_worker_is_killed_mid_request(
    settings, httpserver, org_a, tmp_path
):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    arrived, release = threading.Event(), threading.Event()
    seen_ids: list[str] = []

    def receive(request):
        seen_ids.append(request.headers["webhook-id"])
        if len(seen_ids) == 1:
            arrived.set()
            release.wait(60)  # hold the first request while its worker is killed
        return Response("ok")

    httpserver.expect_request("/hook").respond_with_handler(receive)
    destination = make_destination(org_a, receiver_url(httpserver), timeout_seconds=5)
    log = make_log(make_provider(org_a), status=WebhookLog.Status.PROCESSING)
    now = timezone.now()
    delivery = Delivery.objects.create(
        organization=org_a, log=log, destination=destination, next_attempt_at=now, dispatch_eta=now
    )
    # A queue of this test's own, so only the worker about to be killed takes the task; the
    # solo pool runs the task in the worker process itself, so SIGKILL ends the request.
    queue = f"kill-test-{uuid.uuid4().hex[:8]}"
    doomed = start_worker(f"doomed-{queue}", queue, tmp_path / "doomed.log")
    survivor = None
    try:
        deliver_webhook.apply_async(args=[str(delivery.id)], queue=queue)
        assert arrived.wait(60), f"no request arrived; see {tmp_path / 'doomed.log'}"
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.DELIVERING

        doomed.kill()
        doomed.wait(timeout=20)
        release.set()

        # The lease (timeout 5 s + margin 1 s) runs out; beat's dispatcher queues it again.
        wait_until(
            lambda: Delivery.objects.get(pk=delivery.pk).next_attempt_at < timezone.now(),
            timeout=30,
            what="the lease to run out",
        )
        survivor = start_worker(f"survivor-{queue}", "deliveries", tmp_path / "survivor.log")
        assert deliveries_dispatch_due(grace_seconds=0) == 1

        wait_until(
            lambda: Delivery.objects.filter(
                pk=delivery.pk, status=Delivery.Status.SUCCEEDED
            ).exists(),
            timeout=60,
            what=f"the delivery to succeed; see {tmp_path / 'survivor.log'}",
        )
    finally:
        release.set()
        stop(doomed)
        if survivor is not None:
            stop(survivor)

    attempts = DeliveryAttempt.objects.filter(delivery=delivery).order_by("attempt_number")
    assert [(a.attempt_number, a.outcome) for a in attempts] == [
        (1, DeliveryAttempt.Outcome.INTERRUPTED),
        (2, DeliveryAttempt.Outcome.SUCCEEDED),
    ]
    # At least once: the receiver saw it twice, under one webhook-id to deduplicate on.
    assert seen_ids == [delivery.webhook_id, delivery.webhook_id]
    log.refresh_from_db()
    assert log.status == WebhookLog.Status.DELIVERED
