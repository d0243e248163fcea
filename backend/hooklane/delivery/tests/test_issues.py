"""Failed attempts group into issues per destination and kind; a delivery resolves them."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from hooklane.delivery.models import Delivery, DeliveryAttempt, Issue
from hooklane.delivery.services import delivery_attempt, issue_record_attempt, log_route
from hooklane.delivery.services.issues import issue_kind

from .helpers import make_destination, make_log, make_provider, receiver_url

Outcome = DeliveryAttempt.Outcome
Kind = Issue.Kind


@pytest.fixture(autouse=True)
def _private_destinations_allowed(settings):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True


def _attempt_once(provider):
    log = make_log(provider)
    log_route(log_id=log.id)
    return delivery_attempt(delivery_id=Delivery.objects.get(log=log).id), log


@pytest.mark.parametrize(
    ("outcome", "status_code", "kind"),
    [
        (Outcome.TIMEOUT, None, Kind.TIMEOUT),
        (Outcome.CONNECTION_ERROR, None, Kind.CONNECTION),
        (Outcome.REFUSED, None, Kind.CONNECTION),
        (Outcome.HTTP_ERROR, 400, Kind.HTTP_4XX),
        (Outcome.HTTP_ERROR, 503, Kind.HTTP_5XX),
        (Outcome.REDIRECT, 302, Kind.HTTP_4XX),
        (Outcome.RATE_LIMITED, 429, Kind.HTTP_4XX),
        (Outcome.GONE, 410, Kind.HTTP_4XX),
        ("filter_error", None, Kind.FILTER_ERROR),
        ("transform_error", None, Kind.TRANSFORM_ERROR),
        (Outcome.INTERRUPTED, None, None),
        (Outcome.SUCCEEDED, 200, None),
    ],
)
def test_each_outcome_has_its_kind(outcome, status_code, kind):
    assert issue_kind(outcome, status_code) == kind


@pytest.mark.django_db
def test_failures_group_per_kind_and_a_delivery_resolves_them(httpserver, org_a):
    destination = make_destination(org_a, receiver_url(httpserver), max_attempts=1)
    provider = make_provider(org_a)
    httpserver.expect_request("/hook").respond_with_data("down", status=503)
    for _ in range(3):
        status, last_log = _attempt_once(provider)
        assert status == "failed"
    httpserver.clear()
    httpserver.expect_request("/hook").respond_with_data("nope", status=404)
    _attempt_once(provider)

    server_errors = Issue.objects.get(destination=destination, kind=Kind.HTTP_5XX)
    assert (server_errors.state, server_errors.count) == ("open", 3)
    assert server_errors.sample_log_id == last_log.id
    assert server_errors.last_status_code == 503
    assert server_errors.first_seen_at < server_errors.last_seen_at
    assert server_errors.organization_id == org_a.id
    client_errors = Issue.objects.get(destination=destination, kind=Kind.HTTP_4XX)
    assert (client_errors.count, client_errors.last_status_code) == (1, 404)

    httpserver.clear()
    httpserver.expect_request("/hook").respond_with_data("ok")
    assert _attempt_once(provider)[0] == "succeeded"

    for issue in (server_errors, client_errors):
        issue.refresh_from_db()
        assert issue.state == "resolved" and issue.resolved_at is not None
        assert issue.resolved_by is None  # resolved by the delivery, not by a person


@pytest.mark.django_db
def test_a_failure_after_resolution_opens_a_new_issue(httpserver, org_a):
    destination = make_destination(org_a, receiver_url(httpserver), max_attempts=1)
    provider = make_provider(org_a)
    httpserver.expect_ordered_request("/hook").respond_with_data("down", status=500)
    httpserver.expect_ordered_request("/hook").respond_with_data("ok")
    httpserver.expect_ordered_request("/hook").respond_with_data("down", status=502)
    for _ in range(3):
        _attempt_once(provider)

    issues = Issue.objects.filter(destination=destination).order_by("created_at")
    assert [(issue.state, issue.count) for issue in issues] == [("resolved", 1), ("open", 1)]


@pytest.mark.django_db
def test_an_acknowledged_issue_keeps_counting(httpserver, org_a):
    destination = make_destination(org_a, receiver_url(httpserver), max_attempts=1)
    provider = make_provider(org_a)
    httpserver.expect_request("/hook").respond_with_data("down", status=500)
    _attempt_once(provider)
    Issue.objects.filter(destination=destination).update(state=Issue.State.ACKNOWLEDGED)
    _attempt_once(provider)

    issue = Issue.objects.get(destination=destination)
    assert (issue.state, issue.count) == ("acknowledged", 2)


@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_add_to_one_issue(httpserver, org_a):
    destination = make_destination(org_a, receiver_url(httpserver), max_attempts=1)
    provider = make_provider(org_a)
    attempts = []
    for number in range(8):
        log = make_log(provider)
        log_route(log_id=log.id)
        delivery = Delivery.objects.get(log=log)
        attempts.append(
            DeliveryAttempt.objects.create(
                delivery=delivery,
                log=log,
                destination=destination,
                attempt_number=number + 1,
                outcome=Outcome.TIMEOUT,
                error="No response within 15 s.",
            )
        )
    barrier = threading.Barrier(len(attempts))

    def record(attempt):
        try:
            barrier.wait(timeout=10)
            issue_record_attempt(attempt=attempt, organization_id=org_a.id)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    issue = Issue.objects.get(destination=destination, kind="timeout")
    assert (issue.kind, issue.count) == ("timeout", 8)


@pytest.mark.django_db
def test_a_channel_hears_of_an_issue_once_per_interval(
    settings, httpserver, org_a, django_capture_on_commit_callbacks
):
    """Opening notifies; later failures wait for the interval; then one message sums them."""
    settings.DELIVERY_ALERT_INTERVAL_SECONDS = 3600
    make_destination(org_a, receiver_url(httpserver), max_attempts=1)
    provider = make_provider(org_a)
    httpserver.expect_request("/hook").respond_with_data("down", status=500)

    def notifications_queued() -> int:
        log = make_log(provider)
        log_route(log_id=log.id)
        # Routing's callback (queueing the delivery) is outside the capture: what an attempt
        # of a single-attempt delivery queues is the issue's notification alone.
        with django_capture_on_commit_callbacks() as callbacks:
            delivery_attempt(delivery_id=Delivery.objects.get(log=log).id)
        return len(callbacks)

    assert [notifications_queued() for _ in range(3)] == [1, 0, 0]
    issue = Issue.objects.get()
    assert (issue.count, issue.notified_count) == (3, 1)

    Issue.objects.update(notified_at=issue.notified_at - timedelta(hours=2))
    assert notifications_queued() == 1
    issue.refresh_from_db()
    assert (issue.count, issue.notified_count, issue.previous_notified_count) == (4, 4, 1)

    Issue.objects.update(
        state=Issue.State.ACKNOWLEDGED, notified_at=issue.notified_at - timedelta(hours=2)
    )
    assert notifications_queued() == 0
