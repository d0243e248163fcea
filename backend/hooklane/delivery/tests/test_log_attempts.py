"""A log's attempt timeline (logs/<id>/attempts/) and the failed-attempts fact it carries."""

import pytest

from hooklane.delivery.models import Delivery, DeliveryAttempt
from hooklane.delivery.services import delivery_attempt, log_route

from .helpers import make_destination, make_due, make_log, make_provider, receiver_url

pytestmark = pytest.mark.django_db


def ids(response):
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def delivered_and_failed(org_a, httpserver, settings):
    """Three logs through real attempts: `ok` delivered at once, `retried` after a 500, and
    `none` that no destination wanted."""
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    provider = make_provider(org_a, display_name="Stripe")
    make_destination(org_a, receiver_url(httpserver), event_types=["ok", "retried"])
    httpserver.expect_request("/hook").respond_with_data("fine")
    logs = {name: make_log(provider, event_type=name) for name in ("ok", "retried", "none")}
    for log in logs.values():
        log_route(log_id=log.id)

    assert delivery_attempt(delivery_id=Delivery.objects.get(log=logs["ok"]).id) == "succeeded"
    retried = Delivery.objects.get(log=logs["retried"])
    httpserver.expect_oneshot_request("/hook").respond_with_data("no", status=500)
    assert delivery_attempt(delivery_id=retried.id) == "pending"
    make_due(retried)
    assert delivery_attempt(delivery_id=retried.id) == "succeeded"
    return logs


def test_it_filters_logs_by_failed_attempts(api_client_for, member_a, delivered_and_failed):
    client = api_client_for(member_a)
    failed = client.get("/api/v1/logs/", {"has_failed_attempts": "true"})
    assert ids(failed) == [str(delivered_and_failed["retried"].id)]
    clean = client.get("/api/v1/logs/", {"has_failed_attempts": "false"})
    assert set(ids(clean)) == {
        str(delivered_and_failed["ok"].id),
        str(delivered_and_failed["none"].id),
    }
    assert failed.json()["results"][0]["has_failed_attempts"] is True


def test_the_timeline_lists_the_attempts_oldest_first(
    api_client_for, member_a, delivered_and_failed
):
    log = delivered_and_failed["retried"]
    response = api_client_for(member_a).get(f"/api/v1/logs/{log.id}/attempts/")
    assert response.status_code == 200
    attempts = response.json()["results"]
    assert [(a["attempt_number"], a["outcome"], a["status_code"]) for a in attempts] == [
        (1, "http_error", 500),
        (2, "succeeded", 200),
    ]
    assert attempts[0]["destination_name"] == "receiver"
    assert {a["log_id"] for a in attempts} == {str(log.id)}


def test_the_timeline_pages_through_a_cursor(api_client_for, member_a, org_a):
    provider = make_provider(org_a)
    destination = make_destination(org_a, "http://127.0.0.1:9/hook")
    log = make_log(provider)
    delivery = Delivery.objects.create(organization=org_a, log=log, destination=destination)
    for number in range(1, 6):
        DeliveryAttempt.objects.create(
            delivery=delivery,
            log=log,
            destination=destination,
            attempt_number=number,
            outcome="timeout",
        )
    client = api_client_for(member_a)

    first = client.get(f"/api/v1/logs/{log.id}/attempts/", {"page_size": 3}).json()
    second = client.get(first["next"]).json()

    numbers = [a["attempt_number"] for a in first["results"] + second["results"]]
    assert numbers == [1, 2, 3, 4, 5]
    assert second["next"] is None


def test_another_organizations_log_has_no_timeline(api_client_for, admin_b, delivered_and_failed):
    log = delivered_and_failed["retried"]
    response = api_client_for(admin_b).get(f"/api/v1/logs/{log.id}/attempts/")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_the_timeline_does_not_query_per_attempt(
    api_client_for, member_a, delivered_and_failed, django_assert_max_num_queries
):
    log = delivered_and_failed["retried"]
    client = api_client_for(member_a)
    # 4, and the SET of the API statement timeout (core/query_timeout.py)
    with django_assert_max_num_queries(5):
        assert client.get(f"/api/v1/logs/{log.id}/attempts/").status_code == 200
