"""Rate limits, circuit breaking and ordered delivery decided at claim time (services/flow.py),
one attempt at a time in this process; test_flow_worker.py runs them on the real worker.
Each has a second organization watching: its destination is not held by the first's."""

from datetime import timedelta

import pytest
from django.utils import timezone
from werkzeug import Response

from hooklane.accounts.models import AuditEvent
from hooklane.delivery.models import CircuitTransition, Delivery, Destination
from hooklane.delivery.services import (
    delivery_attempt,
    destination_update,
    log_replay,
    log_route,
)

from .helpers import make_destination, make_log, make_provider, receiver_url

pytestmark = pytest.mark.django_db
Status = Delivery.Status
Circuit = Destination.Circuit


def routed(provider, count: int = 1) -> list[Delivery]:
    deliveries = []
    for _ in range(count):
        log = make_log(provider)
        log_route(log_id=log.id)
        deliveries.extend(Delivery.objects.filter(log=log))
    return deliveries


def test_an_attempt_early_for_its_rate_slot_waits_for_it_without_an_attempt(
    httpserver, org_a, org_b, django_capture_on_commit_callbacks
):
    httpserver.expect_request("/a").respond_with_data("ok")
    httpserver.expect_request("/b").respond_with_data("ok")
    limited = make_destination(
        org_a, receiver_url(httpserver, "/a"), rate_limit=1, rate_period="minute"
    )
    theirs = make_destination(org_b, receiver_url(httpserver, "/b"))
    first, second = routed(make_provider(org_a), 2)
    [other] = routed(make_provider(org_b))

    with django_capture_on_commit_callbacks(execute=False):
        assert delivery_attempt(delivery_id=first.id) == Status.SUCCEEDED
        assert delivery_attempt(delivery_id=second.id) is None
        assert delivery_attempt(delivery_id=other.id) == Status.SUCCEEDED

    second.refresh_from_db()
    limited.refresh_from_db()
    assert (second.status, second.attempt_count) == (Status.PENDING, 0)
    # Its slot is a minute after the first attempt started: it waits for it in PostgreSQL.
    assert second.next_attempt_at == limited.rate_next_slot_at
    assert second.next_attempt_at - timezone.now() > timedelta(seconds=50)
    assert [entry[0].path for entry in httpserver.log] == ["/a", "/b"]
    theirs.refresh_from_db()
    assert theirs.rate_next_slot_at is None


def failing_destination(httpserver, organization, **fields) -> Destination:
    httpserver.expect_request("/broken").respond_with_response(Response("no", status=500))
    fields.setdefault("retry_schedule", [3600])
    return make_destination(organization, receiver_url(httpserver, "/broken"), **fields)


def test_the_circuit_opens_after_the_threshold_and_stops_attempts(
    httpserver, org_a, org_b, django_capture_on_commit_callbacks
):
    destination = failing_destination(httpserver, org_a, circuit_threshold=2)
    theirs = failing_destination(httpserver, org_b, circuit_threshold=2)
    first, second, third = routed(make_provider(org_a), 3)
    [other] = routed(make_provider(org_b))

    with django_capture_on_commit_callbacks(execute=False):
        assert delivery_attempt(delivery_id=first.id) == Status.PENDING
        assert delivery_attempt(delivery_id=other.id) == Status.PENDING
        assert delivery_attempt(delivery_id=second.id) == Status.PENDING
        assert delivery_attempt(delivery_id=third.id) is None

    destination.refresh_from_db()
    third.refresh_from_db()
    assert destination.circuit_state == Circuit.OPEN
    assert destination.consecutive_failures == 2
    # It waits for the probe, with no attempt made.
    assert (third.status, third.attempt_count) == (Status.PENDING, 0)
    assert third.next_attempt_at == destination.circuit_next_probe_at
    assert len(httpserver.log) == 3
    transition = CircuitTransition.objects.get(destination=destination)
    assert (transition.from_state, transition.to_state, transition.reason) == (
        "closed",
        "open",
        "failures",
    )
    theirs.refresh_from_db()
    assert theirs.circuit_state == Circuit.CLOSED
    assert not CircuitTransition.objects.filter(organization=org_b).exists()


def open_circuit(destination: Destination, *, probe_in: timedelta) -> None:
    Destination.objects.filter(pk=destination.pk).update(
        circuit_state=Circuit.OPEN,
        circuit_changed_at=timezone.now(),
        circuit_next_probe_at=timezone.now() + probe_in,
        consecutive_failures=destination.circuit_threshold,
    )


def test_a_probe_that_succeeds_closes_the_circuit_and_wakes_what_waited(
    httpserver, org_a, django_capture_on_commit_callbacks
):
    httpserver.expect_request("/ok").respond_with_data("ok")
    destination = make_destination(
        org_a, receiver_url(httpserver, "/ok"), circuit_probe_seconds=600
    )
    provider = make_provider(org_a)
    open_circuit(destination, probe_in=timedelta(minutes=5))
    waiting = routed(provider, 1)[0]
    with django_capture_on_commit_callbacks(execute=False):
        assert delivery_attempt(delivery_id=waiting.id) is None
    # The probe time comes.
    Destination.objects.filter(pk=destination.pk).update(circuit_next_probe_at=timezone.now())
    probe = routed(provider, 1)[0]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert delivery_attempt(delivery_id=probe.id) == Status.SUCCEEDED

    destination.refresh_from_db()
    waiting.refresh_from_db()
    assert destination.circuit_state == Circuit.CLOSED
    assert destination.consecutive_failures == 0
    assert waiting.next_attempt_at <= timezone.now()
    assert callbacks  # the destination's waiting deliveries are admitted after commit
    assert list(
        CircuitTransition.objects.filter(destination=destination)
        .order_by("created_at")
        .values_list("to_state", "reason")
    ) == [("half_open", "probe"), ("closed", "succeeded")]


def test_a_probe_that_fails_opens_the_circuit_for_another_interval(
    httpserver, org_a, django_capture_on_commit_callbacks
):
    destination = failing_destination(httpserver, org_a, circuit_probe_seconds=120)
    open_circuit(destination, probe_in=timedelta(seconds=-1))
    [probe] = routed(make_provider(org_a))

    with django_capture_on_commit_callbacks(execute=False):
        assert delivery_attempt(delivery_id=probe.id) == Status.PENDING

    destination.refresh_from_db()
    assert destination.circuit_state == Circuit.OPEN
    assert destination.circuit_next_probe_at - timezone.now() > timedelta(seconds=100)
    assert list(
        CircuitTransition.objects.filter(destination=destination)
        .order_by("created_at")
        .values_list("to_state", "reason")
    ) == [("half_open", "probe"), ("open", "probe_failed")]


def test_a_replay_waits_while_the_circuit_is_open(
    httpserver, admin_a, org_a, django_capture_on_commit_callbacks
):
    httpserver.expect_request("/ok").respond_with_data("ok")
    destination = make_destination(org_a, receiver_url(httpserver, "/ok"))
    [delivery] = routed(make_provider(org_a))
    with django_capture_on_commit_callbacks(execute=False):
        assert delivery_attempt(delivery_id=delivery.id) == Status.SUCCEEDED
    open_circuit(destination, probe_in=timedelta(minutes=5))
    delivery.log.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=False):
        assert log_replay(log=delivery.log) == 1
        assert delivery_attempt(delivery_id=delivery.id) is None

    delivery.refresh_from_db()
    assert (delivery.status, delivery.cycle, delivery.cycle_attempts) == (Status.PENDING, 2, 0)
    assert len(httpserver.log) == 1


def test_an_admin_closes_the_circuit_by_hand_and_it_is_audited(
    admin_a, member_a, admin_b, api_client_for
):
    destination = make_destination(admin_a.organization, "http://127.0.0.1:9/hook")
    open_circuit(destination, probe_in=timedelta(minutes=5))
    url = f"/api/v1/destinations/{destination.id}/circuit/"

    assert api_client_for(member_a).post(url).status_code == 403
    assert api_client_for(admin_b).get(url).status_code == 404
    assert api_client_for(admin_b).post(url).status_code == 404
    watched = api_client_for(member_a).get(url).json()
    assert watched["state"] == "open" and watched["next_probe_at"] is not None
    response = api_client_for(admin_a).post(url)

    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["consecutive_failures"], body["next_probe_at"]) == (
        "closed",
        0,
        None,
    )
    assert [(t["from_state"], t["to_state"], t["reason"]) for t in body["transitions"]] == [
        ("open", "closed", "reset")
    ]
    event = AuditEvent.objects.get(organization=admin_a.organization, metadata__circuit="reset")
    assert event.metadata["from"] == "open"
    assert not AuditEvent.objects.filter(organization=admin_b.organization).exists()
    detail = api_client_for(member_a).get(f"/api/v1/destinations/{destination.id}/").json()
    assert detail["circuit"]["state"] == "closed"


def test_it_refuses_flow_settings_out_of_range(admin_a, api_client_for):
    client = api_client_for(admin_a)
    body = {"name": "x", "url": "http://127.0.0.1:9/hook"}

    for field, value in [
        ("rate_limit", 0),
        ("rate_period", "fortnight"),
        ("circuit_threshold", 0),
        ("circuit_probe_seconds", 0),
        ("ordering_on_failure", "retry"),
    ]:
        response = client.post("/api/v1/destinations/", {**body, field: value}, format="json")
        assert response.status_code == 400, field
        assert field in response.json()["fields"], field

    created = client.post(
        "/api/v1/destinations/",
        {**body, "rate_limit": 5, "rate_period": "second", "circuit_threshold": 3},
        format="json",
    ).json()
    assert (created["rate_limit"], created["rate_period"], created["circuit_threshold"]) == (
        5,
        "second",
        3,
    )
    changed = client.patch(
        f"/api/v1/destinations/{created['id']}/", {"rate_limit": None}, format="json"
    ).json()
    assert changed["rate_limit"] is None


def test_an_ordering_key_that_does_not_compile_is_a_field_error_with_its_position(
    admin_a, api_client_for
):
    client = api_client_for(admin_a)
    body = {"name": "x", "url": "http://127.0.0.1:9/hook", "ordered": True}

    response = client.post(
        "/api/v1/destinations/", {**body, "ordering_key": "body.customer +"}, format="json"
    )

    assert response.status_code == 400
    [message] = response.json()["fields"]["ordering_key"]
    assert "line 1, column" in message
    assert not Destination.objects.filter(organization=admin_a.organization).exists()


def test_ordered_deliveries_wait_for_the_one_before_and_skip_a_failure_when_told(
    httpserver, org_a, org_b, django_capture_on_commit_callbacks
):
    destination = failing_destination(
        httpserver,
        org_a,
        ordered=True,
        ordering_key="body.customer",
        ordering_on_failure="wait",
        max_attempts=1,
    )
    provider = make_provider(org_a)
    deliveries = []
    for customer in ["c1", "c1", "c2"]:
        body = {"customer": customer}
        log = make_log(provider, payload=body)
        log_route(log_id=log.id)
        deliveries.append(Delivery.objects.get(log=log))
    first, second, other = deliveries
    assert [d.ordering_key for d in deliveries] == ["c1", "c1", "c2"]

    with django_capture_on_commit_callbacks(execute=False):
        assert delivery_attempt(delivery_id=second.id) is None  # c1's first is still open
        assert delivery_attempt(delivery_id=other.id) == Status.FAILED  # c2 is not held by c1
        assert delivery_attempt(delivery_id=first.id) == Status.FAILED
    second.refresh_from_db()
    # Parked: no due time; under `wait` the failure keeps it so.
    assert (second.status, second.next_attempt_at, second.attempt_count) == (
        Status.PENDING,
        None,
        0,
    )

    with django_capture_on_commit_callbacks(execute=False):
        destination_update(destination=destination, ordering_on_failure="skip")
        second.refresh_from_db()
        assert second.next_attempt_at is not None
        assert delivery_attempt(delivery_id=second.id) == Status.FAILED


def test_a_new_rate_limit_frees_what_waited_for_a_slot_of_the_old_one(
    httpserver, org_a, django_capture_on_commit_callbacks
):
    httpserver.expect_request("/a").respond_with_data("ok")
    destination = make_destination(
        org_a, receiver_url(httpserver, "/a"), rate_limit=1, rate_period="hour"
    )
    first, second = routed(make_provider(org_a), 2)
    with django_capture_on_commit_callbacks(execute=False):
        assert delivery_attempt(delivery_id=first.id) == Status.SUCCEEDED
        assert delivery_attempt(delivery_id=second.id) is None

    with django_capture_on_commit_callbacks(execute=False):
        destination_update(destination=destination, rate_limit=10, rate_period="second")
        second.refresh_from_db()
        assert second.next_attempt_at <= timezone.now()
        assert delivery_attempt(delivery_id=second.id) == Status.SUCCEEDED


def test_a_probe_whose_worker_was_lost_is_followed_by_another(
    httpserver, org_a, django_capture_on_commit_callbacks
):
    httpserver.expect_request("/ok").respond_with_data("ok")
    destination = make_destination(org_a, receiver_url(httpserver, "/ok"))
    # Half-open since a probe went out whose answer never came, and its interval is over.
    Destination.objects.filter(pk=destination.pk).update(
        circuit_state=Circuit.HALF_OPEN, circuit_next_probe_at=timezone.now()
    )
    [delivery] = routed(make_provider(org_a))

    with django_capture_on_commit_callbacks(execute=False):
        assert delivery_attempt(delivery_id=delivery.id) == Status.SUCCEEDED

    destination.refresh_from_db()
    assert destination.circuit_state == Circuit.CLOSED
