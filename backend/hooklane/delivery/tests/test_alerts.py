"""Failure alerts reach the organization's admins, at most once per destination per hour."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hooklane.delivery.models import Delivery, Destination
from hooklane.delivery.services import delivery_attempt, destination_alert_if_due, log_route

from .helpers import make_destination, make_log, make_provider, receiver_url, wait_until


@pytest.fixture(autouse=True)
def _private_destinations_allowed(settings):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True


@pytest.mark.django_db
def test_only_the_first_alert_within_the_interval_is_sent(
    org_a, django_capture_on_commit_callbacks
):
    destination = make_destination(org_a, "http://127.0.0.1:9100/")

    with django_capture_on_commit_callbacks() as callbacks:
        assert destination_alert_if_due(destination_id=destination.id, reason="failing") is True
        assert destination_alert_if_due(destination_id=destination.id, reason="exhausted") is False

    assert len(callbacks) == 1
    an_hour_ago = timezone.now() - timedelta(hours=1, seconds=1)
    Destination.objects.filter(pk=destination.pk).update(last_alert_at=an_hour_ago)
    assert destination_alert_if_due(destination_id=destination.id, reason="failing") is True


@pytest.mark.django_db
def test_it_alerts_once_a_destination_fails_n_times_in_a_row(
    settings, httpserver, org_a, django_capture_on_commit_callbacks
):
    settings.DELIVERY_ALERT_CONSECUTIVE_FAILURES = 3
    httpserver.expect_request("/hook").respond_with_data("down", status=503)
    destination = make_destination(org_a, receiver_url(httpserver))
    provider = make_provider(org_a)

    for expected in (1, 2, 3, 4):
        log = make_log(provider)
        log_route(log_id=log.id)
        assert delivery_attempt(delivery_id=Delivery.objects.get(log=log).id) == "pending"
        destination.refresh_from_db()
        assert destination.consecutive_failures == expected
        assert (destination.last_alert_at is not None) is (expected >= 3)

    alerted_at = destination.last_alert_at
    httpserver.clear()
    httpserver.expect_request("/hook").respond_with_data("ok")
    log = make_log(provider)
    log_route(log_id=log.id)
    assert delivery_attempt(delivery_id=Delivery.objects.get(log=log).id) == "succeeded"
    destination.refresh_from_db()
    assert destination.consecutive_failures == 0 and destination.last_alert_at == alerted_at


@pytest.mark.django_db(transaction=True)
def test_admins_get_one_email_however_many_deliveries_fail(mailbox, httpserver, admin_a, member_a):
    httpserver.expect_request("/hook").respond_with_data("broken", status=500)
    organization = admin_a.organization
    destination = make_destination(
        organization, receiver_url(httpserver), name="Billing", max_attempts=1
    )
    provider = make_provider(organization)
    logs = [make_log(provider) for _ in range(4)]

    for log in logs:
        log_route(log_id=log.id)

    wait_until(
        lambda: Delivery.objects.filter(status=Delivery.Status.FAILED).count() == 4,
        what="four failed deliveries",
    )
    email = mailbox.wait_for(admin_a.email)
    assert "Billing" in email.subject
    assert "could not be delivered after every attempt" in email.text
    assert f"/destinations/{destination.id}" in email.text
    destination.refresh_from_db()
    assert destination.consecutive_failures == 4 and destination.last_alert_at is not None
    assert len(mailbox.to(admin_a.email)) == 1
    assert mailbox.to(member_a.email) == []
