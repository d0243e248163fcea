"""Logs past their organization's retention are deleted in small batches, with their
deliveries and attempts."""

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


def delivered(log, destination):
    delivery = Delivery.objects.create(
        organization=log.organization,
        log=log,
        destination=destination,
        status=Delivery.Status.SUCCEEDED,
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
        make_log(provider_a, received_at=now - timedelta(days=8, minutes=n)) for n in range(5)
    ]
    for log in expired:
        delivered(log, destination)
    kept = make_log(provider_a, received_at=now - timedelta(days=6))
    delivered(kept, destination)
    # Organization B keeps 30 days (the default).
    kept_b = make_log(provider_b, received_at=now - timedelta(days=8))

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
