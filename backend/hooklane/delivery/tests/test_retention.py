"""Logs past their organization's retention are deleted in small batches, with their
deliveries and attempts, except those whose work is still in flight."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hooklane.delivery.models import Delivery, DeliveryAttempt
from hooklane.delivery.services import logs_prune_expired
from hooklane.webhooks.models import WebhookLog

from .helpers import make_destination, make_log, make_provider

pytestmark = pytest.mark.django_db
DELIVERED = WebhookLog.Status.DELIVERED


def delivered(log, destination, status=Delivery.Status.SUCCEEDED):
    delivery = Delivery.objects.create(
        organization=log.organization,
        log=log,
        destination=destination,
        status=status,
        attempt_count=1,
    )
    DeliveryAttempt.objects.create(
        delivery=delivery, log=log, destination=destination, attempt_number=1, outcome="succeeded"
    )


def test_it_deletes_expired_logs_in_batches_with_their_deliveries(settings, org_a, org_b):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    org_a.retention_days = 7
    org_a.save()
    now = timezone.now()
    provider_a, provider_b = make_provider(org_a), make_provider(org_b)
    destination = make_destination(org_a, "http://127.0.0.1:9100/")
    expired = [
        make_log(provider_a, status=DELIVERED, received_at=now - timedelta(days=8, minutes=n))
        for n in range(5)
    ]
    for log in expired:
        delivered(log, destination)
    kept = make_log(provider_a, status=DELIVERED, received_at=now - timedelta(days=6))
    delivered(kept, destination)
    # Organization B keeps 30 days (the default).
    kept_b = make_log(provider_b, status=DELIVERED, received_at=now - timedelta(days=8))

    with CaptureQueriesContext(connection) as queries:
        assert logs_prune_expired(batch_size=2, now=now) == 5

    log_deletes = [q["sql"] for q in queries if q["sql"].startswith('DELETE FROM "webhook_logs"')]
    assert len(log_deletes) == 3  # 2 + 2 + 1 ids, each its own short statement
    assert set(WebhookLog.objects.values_list("id", flat=True)) == {kept.id, kept_b.id}
    assert set(Delivery.objects.values_list("log_id", flat=True)) == {kept.id}
    assert set(DeliveryAttempt.objects.values_list("log_id", flat=True)) == {kept.id}


def test_nothing_expired_means_nothing_deleted(org_a):
    make_log(make_provider(org_a))
    assert logs_prune_expired() == 0
    assert WebhookLog.objects.count() == 1


@pytest.mark.parametrize("open_status", Delivery.OPEN_STATUSES)
def test_a_log_with_a_delivery_in_flight_outlives_its_retention_until_it_ends(
    settings, org_a, org_b, open_status
):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    for org in (org_a, org_b):
        org.retention_days = 7
        org.save()
    now = timezone.now()
    old = now - timedelta(days=8)
    provider_a, provider_b = make_provider(org_a), make_provider(org_b)
    destination_a = make_destination(org_a, "http://127.0.0.1:9100/a")
    destination_b = make_destination(org_b, "http://127.0.0.1:9100/b")
    finished = make_log(provider_a, status=DELIVERED, received_at=old)
    delivered(finished, destination_a)
    # The log's own status is not what keeps it (it can read delivered while a replay's new
    # cycle is on its way): its open delivery is. Pending covers retrying (due later).
    in_flight = make_log(provider_a, status=DELIVERED, received_at=old)
    delivered(in_flight, destination_a, Delivery.Status.SUCCEEDED)
    delivered(in_flight, make_destination(org_a, "http://127.0.0.1:9100/c"), open_status)
    # Organization B's own expired logs: one finished, one in flight. Neither A's open
    # delivery keeps B's finished log, nor B's open one keeps A's.
    finished_b = make_log(provider_b, status=DELIVERED, received_at=old)
    delivered(finished_b, destination_b, Delivery.Status.FAILED)
    in_flight_b = make_log(provider_b, status=DELIVERED, received_at=old)
    delivered(in_flight_b, destination_b, open_status)

    assert logs_prune_expired(batch_size=1, now=now) == 2

    assert set(WebhookLog.objects.values_list("id", flat=True)) == {in_flight.id, in_flight_b.id}
    assert Delivery.objects.filter(log=in_flight).count() == 2
    assert DeliveryAttempt.objects.filter(log=in_flight).count() == 2

    # Once its last delivery ends, the next sweep deletes it.
    Delivery.objects.filter(log=in_flight, status=open_status).update(status=Delivery.Status.FAILED)
    assert logs_prune_expired(now=now) == 1
    assert set(WebhookLog.objects.values_list("id", flat=True)) == {in_flight_b.id}


@pytest.mark.parametrize(
    "log_status",
    [WebhookLog.Status.RECEIVED, WebhookLog.Status.PROCESSING, WebhookLog.Status.HELD],
)
def test_a_log_not_yet_routed_or_held_by_a_paused_provider_is_kept(org_a, org_b, log_status):
    now = timezone.now()
    old = now - timedelta(days=31)
    waiting = make_log(make_provider(org_a), status=log_status, received_at=old)
    done_b = make_log(make_provider(org_b), status=DELIVERED, received_at=old)

    assert logs_prune_expired(now=now) == 1

    assert set(WebhookLog.objects.values_list("id", flat=True)) == {waiting.id}
    assert not WebhookLog.objects.filter(pk=done_b.pk).exists()
