"""Forwarding cannot be turned against the network or the receiver: one DNS answer per attempt
and the connection goes to it (a resolver that changes its mind mid-attempt is never asked
twice), and whatever headers an admin configures arrive as exactly those headers, beside
Hooklane's own signature, which they cannot replace.

The address table, redirects and private-URL refusals are in hooklane/delivery/tests
(test_ssrf.py, test_guard.py, test_delivery.py); every attempt here connects to loopback."""

import socket

import pytest
import standardwebhooks
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooklane.delivery.models import Delivery, Destination
from hooklane.delivery.services import delivery_attempt, log_route
from hooklane.delivery.tests.helpers import make_log, make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _loopback_receivers(settings):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    settings.API_RATE_LIMIT_PER_KEY = settings.API_RATE_LIMIT_PER_USER = 0


def routed(destination) -> Delivery:
    log = make_log(make_provider(destination.organization))
    assert log_route(log_id=log.id).destinations == 1
    return Delivery.objects.get(log=log)


def test_an_attempt_resolves_once_and_connects_to_that_answer(settings, httpserver, org_a):
    settings.DELIVERY_LOOPBACK_ONLY = False  # the name resolves through the resolver below
    httpserver.expect_request("/hook").respond_with_data("ok")
    answers = ["127.0.0.1", "127.0.0.2"]  # nothing listens on the second
    asked = []

    def rebinding(host, port, type=0, **_kwargs):
        asked.append(host)
        address = answers[min(len(asked), len(answers)) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    # Saved without the API's check, which would look the made-up name up for real.
    destination = Destination.objects.create(
        organization=org_a, name="rebind", url=f"http://rebind.test:{httpserver.port}/hook"
    )

    status = delivery_attempt(delivery_id=routed(destination).id, resolve_with=rebinding)

    assert status == Delivery.Status.SUCCEEDED
    assert asked == ["rebind.test"]
    assert len(httpserver.log) == 1


def test_proxy_settings_in_the_environment_are_ignored(monkeypatch, httpserver, org_a):
    httpserver.expect_request("/hook").respond_with_data("ok")
    with socket.socket() as unused:  # a loopback port nothing listens on
        unused.bind(("127.0.0.1", 0))
        proxy = f"http://127.0.0.1:{unused.getsockname()[1]}"
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    destination = Destination.objects.create(
        organization=org_a, name="direct", url=f"http://127.0.0.1:{httpserver.port}/hook"
    )

    status = delivery_attempt(delivery_id=routed(destination).id)

    assert status == Delivery.Status.SUCCEEDED
    assert len(httpserver.log) == 1


# Header values an admin may type -------------------------------------------------------------
# No underscores: the receiver here (werkzeug), like nginx, drops such headers on arrival.
HEADER_NAMES = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"),
    min_size=1,
    max_size=20,
).filter(lambda name: not name.lower().startswith("webhook-"))
HEADER_VALUES = st.text(max_size=60) | st.sampled_from(
    ["a\r\nX-Injected: 1", "a\nb", "\x00", "caf\u00e9", "\u20ac100", "x\x7f", " padded ", "\t"]
)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(headers=st.dictionaries(HEADER_NAMES, HEADER_VALUES, min_size=1, max_size=4))
def test_configured_headers_arrive_verbatim_or_are_refused(
    api_client_for, api_key_for, admin_a, httpserver, headers
):
    httpserver.clear()
    httpserver.expect_request("/hook").respond_with_data("ok")
    with transaction.atomic():
        check_forward(api_client_for(api_key_for(admin_a, scope="write")), httpserver, headers)
        transaction.set_rollback(True)


def check_forward(client, httpserver, headers: dict) -> None:
    url = f"http://127.0.0.1:{httpserver.port}/hook"

    created = client.post(
        "/api/v1/destinations/", {"name": "h", "url": url, "headers": headers}, format="json"
    )

    if created.status_code == 400:
        assert "headers" in created.json()["fields"]
        return
    assert created.status_code == 201, created.content
    destination = Destination.objects.get(pk=created.json()["id"])
    assert delivery_attempt(delivery_id=routed(destination).id) == Delivery.Status.SUCCEEDED
    [(request, _response)] = httpserver.log
    received = {name.lower(): value for name, value in request.headers.items()}
    for name, value in headers.items():
        # The receiver's parser may drop the spaces before a value; nothing else may change.
        assert received[name.lower()] == value.lstrip(" \t")
    assert "x-injected" not in received or "x-injected" in {name.lower() for name in headers}
    # Hooklane's signature still verifies: no configured header displaced it.
    standardwebhooks.Webhook(created.json()["signing_secret"]).verify(
        request.get_data(), {k: v for k, v in received.items() if k.startswith("webhook-")}
    )


def test_a_senders_utf8_content_type_is_forwarded_as_the_bytes_it_sent(client, httpserver, org_a):
    from hooklane.webhooks.models import WebhookLog
    from hooklane.webhooks.tests.senders import ingest_path
    from hooklane.webhooks.tests.senders import make_provider as make_ingest_provider

    httpserver.expect_request("/hook").respond_with_data("ok")
    provider = make_ingest_provider(org_a, "none", is_active=False)
    Destination.objects.create(
        organization=org_a, name="r", url=f"http://127.0.0.1:{httpserver.port}/hook"
    )
    sent = "application/json; note=\u20ac".encode()
    # WSGI hands header bytes over as Latin-1 text.
    client.generic("POST", ingest_path(provider), b"{}", CONTENT_TYPE=sent.decode("latin-1"))
    log = WebhookLog.objects.get()
    # Paused, the provider held the log instead of queueing it; routed here, as on resume.
    provider.is_active = True
    provider.save(update_fields=["is_active"])
    WebhookLog.objects.filter(pk=log.pk).update(status=WebhookLog.Status.RECEIVED)
    assert log_route(log_id=log.id).destinations == 1

    status = delivery_attempt(delivery_id=Delivery.objects.get(log=log).id)

    assert status == Delivery.Status.SUCCEEDED
    [(request, _response)] = httpserver.log
    assert request.headers["Content-Type"].encode("latin-1") == sent
