"""The dispatch windows (services/dispatch.py): a destination and an organization have a
bounded number of deliveries queued or in flight; the rest wait in PostgreSQL and take the
places as they free up, organizations in turn. Each test has a second organization
watching: its deliveries are queued whatever the first one has waiting."""

from datetime import timedelta

import pytest
from django.utils import timezone
from werkzeug import Response

from hooklane.core.task_names import DELIVER_WEBHOOK
from hooklane.delivery.models import Delivery
from hooklane.delivery.services import (
    deliveries_dispatch_due,
    delivery_attempt,
    destination_pause,
    log_route,
)
from hooklane.delivery.services.dispatch import deliveries_admit

from .helpers import make_destination, make_log, make_provider, receiver_url

pytestmark = pytest.mark.django_db
Status = Delivery.Status


def queued(callbacks) -> list[str]:
    """The delivery ids the captured commit callbacks publish, in order (a failure also
    queues its issue's notification, which is not a delivery)."""
    ids = []
    for callback in callbacks:
        name, calls = callback.args[0], callback.args[1]
        if name == DELIVER_WEBHOOK:
            ids.extend(args[0] for args in calls)
    return ids


def route(provider, count: int, callbacks_fixture) -> list[str]:
    with callbacks_fixture() as callbacks:
        for _ in range(count):
            log_route(log_id=make_log(provider).id)
    return queued(callbacks)


def busy(**where) -> int:
    return (
        Delivery.objects.filter(**where)
        .filter(status=Status.PENDING, dispatch_eta__isnull=False)
        .count()
        + Delivery.objects.filter(**where, status=Status.DELIVERING).count()
    )


def waiting(**where) -> int:
    """Due deliveries without a task: waiting for a place."""
    return Delivery.objects.filter(
        **where, status=Status.PENDING, dispatch_eta=None, next_attempt_at__lte=timezone.now()
    ).count()


def test_routing_queues_only_what_the_destinations_window_holds(
    settings, org_a, org_b, django_capture_on_commit_callbacks
):
    settings.DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION = 2
    flooded = make_destination(org_a, "http://127.0.0.1:9/a")
    calm = make_destination(org_b, "http://127.0.0.1:9/b")

    sent = route(make_provider(org_a), 5, django_capture_on_commit_callbacks)
    theirs = route(make_provider(org_b), 1, django_capture_on_commit_callbacks)

    assert len(sent) == 2
    assert busy(destination=flooded) == 2 and waiting(destination=flooded) == 3
    assert len(theirs) == 1 and busy(destination=calm) == 1 and waiting(destination=calm) == 0


def test_a_log_that_fans_out_takes_no_more_than_its_organizations_window(
    settings, org_a, org_b, django_capture_on_commit_callbacks
):
    settings.DELIVERY_MAX_IN_FLIGHT_PER_ORGANIZATION = 3
    for n in range(4):
        make_destination(org_a, f"http://127.0.0.1:9/{n}")
    make_destination(org_b, "http://127.0.0.1:9/b")

    sent = route(make_provider(org_a), 2, django_capture_on_commit_callbacks)
    theirs = route(make_provider(org_b), 1, django_capture_on_commit_callbacks)

    assert len(sent) == 3
    assert busy(organization=org_a) == 3 and waiting(organization=org_a) == 5
    assert len(theirs) == 1


def test_an_attempt_that_ends_hands_its_place_to_the_next_waiting(
    settings, httpserver, org_a, django_capture_on_commit_callbacks
):
    settings.DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION = 1
    httpserver.expect_request("/ok").respond_with_data("ok")
    httpserver.expect_request("/broken").respond_with_response(Response("no", status=500))
    healthy = make_destination(org_a, receiver_url(httpserver, "/ok"))
    provider = make_provider(org_a)
    [first] = route(provider, 3, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks() as callbacks:
        assert delivery_attempt(delivery_id=first) == Status.SUCCEEDED
    [second] = queued(callbacks)

    assert second != first
    assert busy(destination=healthy) == 1 and waiting(destination=healthy) == 1


def test_a_failure_whose_retry_waits_long_gives_its_place_up(
    settings, httpserver, org_a, django_capture_on_commit_callbacks
):
    settings.DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION = 1
    httpserver.expect_request("/broken").respond_with_response(Response("no", status=500))
    broken = make_destination(org_a, receiver_url(httpserver, "/broken"), retry_schedule=[3600])
    [first] = route(make_provider(org_a), 2, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks() as callbacks:
        assert delivery_attempt(delivery_id=first) == Status.PENDING

    [second] = queued(callbacks)
    assert second != first and waiting(destination=broken) == 0


def test_a_retry_on_a_countdown_keeps_its_place(
    settings, httpserver, org_a, django_capture_on_commit_callbacks
):
    settings.DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION = 1
    httpserver.expect_request("/broken").respond_with_response(Response("no", status=500))
    broken = make_destination(org_a, receiver_url(httpserver, "/broken"), retry_schedule=[5])
    [first] = route(make_provider(org_a), 2, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks() as callbacks:
        assert delivery_attempt(delivery_id=first) == Status.PENDING

    # Only the retry itself is queued (on its countdown); the other one still waits.
    assert queued(callbacks) == [first]
    assert waiting(destination=broken) == 1


def test_a_worker_does_not_start_an_attempt_past_the_destinations_limit(
    settings, httpserver, org_a, django_capture_on_commit_callbacks
):
    settings.DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION = 1
    destination = make_destination(org_a, receiver_url(httpserver, "/hook"))
    provider = make_provider(org_a)
    now = timezone.now()
    # One attempt under way, and a second delivery queued by another way (an old task).
    Delivery.objects.create(
        organization=org_a,
        log=make_log(provider),
        destination=destination,
        status=Status.DELIVERING,
        next_attempt_at=now + timedelta(seconds=30),
    )
    extra = Delivery.objects.create(
        organization=org_a,
        log=make_log(provider),
        destination=destination,
        status=Status.PENDING,
        next_attempt_at=now,
        dispatch_eta=now,
    )

    assert delivery_attempt(delivery_id=extra.id) is None

    extra.refresh_from_db()
    assert (extra.status, extra.dispatch_eta, extra.attempt_count) == (Status.PENDING, None, 0)
    assert len(httpserver.log) == 0


def test_the_dispatcher_fills_the_windows_one_organization_at_a_time(
    org_a, org_b, django_capture_on_commit_callbacks
):
    now = timezone.now()

    def waiting_for(organization, count: int, age: timedelta) -> list[str]:
        destination = make_destination(organization, "http://127.0.0.1:9/")
        provider = make_provider(organization)
        return [
            str(
                Delivery.objects.create(
                    organization=organization,
                    log=make_log(provider),
                    destination=destination,
                    next_attempt_at=now - age + timedelta(milliseconds=n),
                ).id
            )
            for n in range(count)
        ]

    # A's backlog is older than anything B has: first in, first out would serve A only.
    backlog = waiting_for(org_a, 4, timedelta(hours=1))
    fresh = waiting_for(org_b, 2, timedelta(seconds=1))

    with django_capture_on_commit_callbacks() as callbacks:
        assert deliveries_admit(limit=4) == 4

    assert queued(callbacks) == [backlog[0], fresh[0], backlog[1], fresh[1]]


def test_a_paused_destinations_waiting_deliveries_are_held(
    settings, org_a, org_b, django_capture_on_commit_callbacks
):
    settings.DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION = 1
    paused = make_destination(org_a, "http://127.0.0.1:9/a")
    other = make_destination(org_b, "http://127.0.0.1:9/b")
    route(make_provider(org_a), 3, django_capture_on_commit_callbacks)
    route(make_provider(org_b), 2, django_capture_on_commit_callbacks)
    destination_pause(destination=paused)

    with django_capture_on_commit_callbacks():
        deliveries_dispatch_due()

    assert Delivery.objects.filter(destination=paused, status=Status.HELD).count() == 2
    assert waiting(destination=other) == 1  # B's wait for a place, not for a resume
