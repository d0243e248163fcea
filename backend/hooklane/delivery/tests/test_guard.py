"""The SSRF guard at connect time: a refused address gets no packet, and the connection goes
to the address that was checked. Attempts run in-process so each test sets the flag."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from hooklane.core.errors import ValidationFailed
from hooklane.delivery.models import Delivery, DeliveryAttempt, Destination
from hooklane.delivery.services import delivery_attempt, log_route

from .helpers import make_destination, make_log, make_provider, receiver_url

pytestmark = pytest.mark.django_db
BACKEND = Path(__file__).resolve().parents[3]


def resolving(host: str, address: str):
    def resolve(name, port, type=0):
        assert name == host, f"unexpected lookup of {name}"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    return resolve


def routed_delivery(destination) -> Delivery:
    log = make_log(make_provider(destination.organization))
    assert log_route(log_id=log.id).destinations == 1
    return Delivery.objects.get(log=log)


def test_a_loopback_receiver_gets_nothing_when_private_destinations_are_refused(
    settings, httpserver, org_a
):
    httpserver.expect_request("/hook").respond_with_data("should never be reached")
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    destination = make_destination(org_a, receiver_url(httpserver), max_attempts=1)
    delivery = routed_delivery(destination)
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = False

    assert delivery_attempt(delivery_id=delivery.id) == Delivery.Status.FAILED

    attempt = DeliveryAttempt.objects.get(delivery=delivery)
    assert attempt.outcome == DeliveryAttempt.Outcome.REFUSED
    assert "127.0.0.1 is a loopback address" in attempt.error
    assert attempt.status_code is None
    assert httpserver.log == []


def test_a_name_that_resolves_privately_at_connect_time_is_refused(settings, org_a):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = False
    settings.DELIVERY_LOOPBACK_ONLY = False  # names resolve through the injected resolver
    # Saved while the name resolved to a public address; DNS answers differently now.
    destination = Destination.objects.create(
        organization=org_a, name="rebinding", url="http://rebind.example/hook", max_attempts=1
    )
    delivery = routed_delivery(destination)

    status = delivery_attempt(
        delivery_id=delivery.id, resolve_with=resolving("rebind.example", "10.0.0.1")
    )

    assert status == Delivery.Status.FAILED
    attempt = DeliveryAttempt.objects.get(delivery=delivery)
    assert attempt.outcome == DeliveryAttempt.Outcome.REFUSED
    assert "10.0.0.1 is a private address" in attempt.error


def test_it_connects_to_the_vetted_address_and_sends_the_original_host(settings, httpserver, org_a):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    settings.DELIVERY_LOOPBACK_ONLY = False  # names resolve through the injected resolver
    httpserver.expect_request("/hook").respond_with_data("ok")
    destination = Destination.objects.create(
        organization=org_a, name="named", url=f"http://receiver.test:{httpserver.port}/hook"
    )
    delivery = routed_delivery(destination)

    status = delivery_attempt(
        delivery_id=delivery.id, resolve_with=resolving("receiver.test", "127.0.0.1")
    )

    assert status == Delivery.Status.SUCCEEDED
    [(request, _response)] = httpserver.log
    assert request.headers["Host"] == f"receiver.test:{httpserver.port}"


def test_a_destination_url_the_guard_refuses_cannot_be_saved(settings, org_a):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = False
    for url in ("http://127.0.0.1:9/", "http://169.254.169.254/", "http://2130706433/"):
        with pytest.raises(ValidationFailed, match="address") as raised:
            make_destination(org_a, url)
        assert raised.value.fields["url"]
    assert not Destination.objects.exists()


def test_a_test_run_delivers_to_loopback_only(settings, org_a):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    assert settings.DELIVERY_LOOPBACK_ONLY and os.environ["DELIVERY_LOOPBACK_ONLY"] == "true"
    destination = Destination.objects.create(
        organization=org_a, name="elsewhere", url="http://hooks.example.com/", max_attempts=1
    )
    delivery = routed_delivery(destination)

    def resolve(*args, **kwargs):
        raise AssertionError("no DNS query may leave a test run")

    assert delivery_attempt(delivery_id=delivery.id, resolve_with=resolve) == "failed"
    assert "only to loopback" in DeliveryAttempt.objects.get(delivery=delivery).error


@pytest.mark.parametrize(("debug", "expected"), [("true", "True"), ("false", "False")])
def test_private_destinations_are_allowed_by_default_only_in_development(debug, expected):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": debug,
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "hooks.example.com",
    }
    env.pop("DELIVERY_ALLOW_PRIVATE_DESTINATIONS", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS)",
        ],
        cwd=BACKEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == expected, result.stderr


def test_a_binary_answer_is_kept_as_a_readable_excerpt(settings, httpserver, org_a):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    httpserver.expect_request("/hook").respond_with_data(b"ok\x00\xff" + b"x" * 10_000)
    delivery = routed_delivery(make_destination(org_a, receiver_url(httpserver)))

    assert delivery_attempt(delivery_id=delivery.id) == Delivery.Status.SUCCEEDED

    excerpt = DeliveryAttempt.objects.get(delivery=delivery).response_excerpt
    assert excerpt.startswith("ok\ufffd\ufffd") and len(excerpt) == 4096
