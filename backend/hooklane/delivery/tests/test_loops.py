"""Forwarding loops: a destination cannot be this deployment's own ingest, and a webhook
that comes back anyway (through a relay, a proxy or another deployment) stops after
INGEST_MAX_HOPS forwards, as a rejected row, while other organizations go on as before."""

import http.client
import json
from urllib.parse import urlsplit

import pytest
from django.forms import modelform_factory
from werkzeug import Response

from hooklane.delivery.admin import DestinationAdminForm
from hooklane.delivery.models import Delivery, DeliveryAttempt, Destination
from hooklane.delivery.services import delivery_attempt, log_route
from hooklane.webhooks import hops
from hooklane.webhooks.models import WebhookLog

from .helpers import (
    closed_port,
    make_destination,
    make_log,
    make_provider,
    receiver_url,
    wait_for_log,
    wait_until,
)

URL = "/api/v1/destinations/"
LOOP = "own ingest"


@pytest.fixture
def deployment(settings):
    settings.PUBLIC_BASE_URL = "https://hooks.example.com"
    settings.ALLOWED_HOSTS = ["hooks.example.com", ".tenant.example.net", "testserver"]
    return settings


def own_ingest_urls(port: int) -> list[str]:
    return [
        "https://hooks.example.com/in/abc",
        "https://HOOKS.Example.COM./in/abc",  # case and a trailing dot
        "https://hooks.example.com:443/in/abc/",  # the default port, written out
        "http://hooks.example.com:8080//in/./abc",  # another port; slashes and dots folded
        "https://hooks.example.com/%69n/abc",  # percent-encoded
        "https://hooks.example.com/IN/abc?x=1",
        "https://eu.tenant.example.net/in/abc",  # ALLOWED_HOSTS' ".tenant.example.net"
        "https://tenant.example.net/in/abc",
        "https://testserver/in/abc",
        f"http://127.0.0.1:{port}/in/abc",  # an address ingest listens on
        f"http://127.0.0.2:{port}/in/abc",
        f"http://[::1]:{port}/in/abc",
        f"http://localhost:{port}/in/abc",  # a name that resolves to loopback
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(len(own_ingest_urls(0))))
def test_a_destination_at_its_own_ingest_is_refused_on_create(
    deployment, api_client_for, admin_a, index
):
    url = own_ingest_urls(closed_port())[index]

    response = api_client_for(admin_a).post(URL, {"name": "loop", "url": url}, format="json")

    assert response.status_code == 400, url
    body = response.json()
    assert body["error"] == "invalid"
    assert LOOP in " ".join(body["fields"]["url"])
    assert not Destination.objects.exists()


@pytest.mark.django_db
def test_a_destination_cannot_be_changed_to_its_own_ingest(
    deployment, api_client_for, admin_a, httpserver
):
    client = api_client_for(admin_a)
    created = client.post(URL, {"name": "ok", "url": receiver_url(httpserver)}, format="json")
    assert created.status_code == 201

    for url in ("https://hooks.example.com/in/abc", f"http://127.0.0.1:{httpserver.port}/in/x"):
        response = client.patch(f"{URL}{created.json()['id']}/", {"url": url}, format="json")
        assert response.status_code == 400
        assert LOOP in " ".join(response.json()["fields"]["url"])
    assert Destination.objects.get().url == receiver_url(httpserver)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/hook", "/inbox/abc", "/api/in/abc", "/in", "/webhooks/in/abc"])
def test_a_loopback_destination_that_is_not_ingest_is_accepted(
    deployment, api_client_for, admin_a, httpserver, path
):
    response = api_client_for(admin_a).post(
        URL, {"name": "ok", "url": receiver_url(httpserver, path)}, format="json"
    )

    assert response.status_code == 201, response.json()


@pytest.mark.django_db
def test_the_django_admin_refuses_its_own_ingest_too(deployment, org_a):
    form_class = modelform_factory(
        Destination, form=DestinationAdminForm, fields=["organization", "name", "url"]
    )
    form = form_class(
        data={"organization": org_a.pk, "name": "loop", "url": "https://hooks.example.com/in/x"}
    )

    assert not form.is_valid()
    assert LOOP in " ".join(form.errors["url"])


@pytest.mark.django_db
def test_an_attempt_to_a_url_that_became_its_own_ingest_is_refused(settings, httpserver, org_a):
    httpserver.expect_request("/in/abc").respond_with_data("must not be reached")
    destination = make_destination(org_a, receiver_url(httpserver, "/hook"), max_attempts=1)
    log = make_log(make_provider(org_a))
    log_route(log_id=log.id)
    # In by another path than the API (an older release, a script), or its host became
    # this deployment's when PUBLIC_BASE_URL changed.
    Destination.objects.filter(pk=destination.pk).update(url=receiver_url(httpserver, "/in/abc"))

    status = delivery_attempt(delivery_id=Delivery.objects.get(log=log).id)

    assert status == Delivery.Status.FAILED
    attempt = DeliveryAttempt.objects.get(log=log)
    assert attempt.outcome == DeliveryAttempt.Outcome.REFUSED
    assert LOOP in attempt.error
    assert httpserver.log == []


@pytest.mark.django_db
def test_configured_headers_cannot_set_the_hop_count(api_client_for, admin_a, httpserver):
    response = api_client_for(admin_a).post(
        URL,
        {"name": "x", "url": receiver_url(httpserver), "headers": {"hooklane-HOPS": "x=0"}},
        format="json",
    )

    assert response.status_code == 400
    assert "headers" in response.json()["fields"]


def test_a_forward_counts_this_deployment_and_keeps_the_others():
    own = hops.marker()
    other = "0123456789abcdef"

    assert hops.forwarded(None) == f"{own}=1"
    assert hops.forwarded(f"{other}=5, {own}=2") == f"{own}=3, {other}=5"
    assert hops.forwarded("garbage, =, zz=1") == f"{own}=1"
    forged = ", ".join(f"{n:016x}=1" for n in range(100))
    assert len(hops.parse(hops.forwarded(forged))) == hops.MAX_ENTRIES
    assert hops.forwarded(f"{own}=9999") == f"{own}=9999"


def test_the_marker_is_stable_and_tells_nothing_of_the_secret_key(settings):
    first = hops.marker()
    assert hops.marker() == first and len(first) == 16
    assert first not in settings.SECRET_KEY
    settings.PUBLIC_BASE_URL = "https://another.example.com"
    assert hops.marker() != first


def _relay_to(ingest_url: str, seen: list):
    """A relay between Hooklane and itself: whatever it gets, it posts on to `ingest_url`
    with the body, Content-Type and hop header, and answers with ingest's status."""

    def relay(request):
        seen.append(request.headers.get(hops.HEADER))
        target = urlsplit(ingest_url)
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
        try:
            headers = {"Content-Type": request.headers.get("Content-Type", "")}
            if request.headers.get(hops.HEADER):
                headers[hops.HEADER] = request.headers[hops.HEADER]
            connection.request("POST", target.path, body=request.get_data(), headers=headers)
            answer = connection.getresponse()
            return Response(answer.read(), status=answer.status)
        finally:
            connection.close()

    return relay


@pytest.mark.django_db(transaction=True)
def test_a_loop_through_a_relay_ends_after_the_hop_limit(
    celery_worker, httpserver, live_server, org_a, org_b, settings
):
    provider = make_provider(org_a)  # unsigned: anything posted to its URL is a webhook
    ingest_url = f"{live_server.url}/in/{provider.ingest_key}"
    relayed: list = []
    httpserver.expect_request("/relay", method="POST").respond_with_handler(
        _relay_to(ingest_url, relayed)
    )
    make_destination(org_a, receiver_url(httpserver, "/relay"), max_attempts=1)
    # Organization B forwards to a plain receiver, through the same worker, meanwhile.
    received_b: list = []

    def receive_b(request):
        received_b.append(request.headers.get(hops.HEADER))
        return Response("ok")

    httpserver.expect_request("/b", method="POST").respond_with_handler(receive_b)
    provider_b = make_provider(org_b)
    make_destination(org_b, receiver_url(httpserver, "/b"))

    # No event id: a copy that comes back is not a duplicate, it is a new webhook.
    first = _post(ingest_url, {"type": "ping"})
    assert first.status == 200
    b_ingest = f"{live_server.url}/in/{provider_b.ingest_key}"
    assert _post(b_ingest, {"id": "evt_b", "type": "ping"}).status == 200

    rejected = wait_until(
        lambda: WebhookLog.objects.filter(provider=provider, status="rejected").first(),
        timeout=60,
        what="the looping webhook to be refused",
    )

    limit = settings.INGEST_MAX_HOPS
    own = hops.marker()
    assert relayed == [f"{own}={n}" for n in range(1, limit + 2)]
    assert "forwarding loop" in rejected.error
    assert rejected.headers[hops.STORED_NAME] == f"{own}={limit + 1}"
    stored = WebhookLog.objects.filter(provider=provider).exclude(status="rejected")
    assert stored.count() == 1 + limit
    # The forward that was refused records ingest's 508 as its answer.
    last = wait_until(
        lambda: DeliveryAttempt.objects.filter(status_code=508).first(), what="the 508 attempt"
    )
    assert last.outcome == DeliveryAttempt.Outcome.HTTP_ERROR
    # Organization B's webhook was delivered once, as a first hop, and B has nothing else.
    [log_b] = WebhookLog.objects.filter(organization=org_b)
    wait_for_log(log_b, status=WebhookLog.Status.DELIVERED)
    assert received_b == [f"{own}=1"]


def _post(url: str, payload: dict) -> http.client.HTTPResponse:
    target = urlsplit(url)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    body = json.dumps(payload).encode()
    connection.request("POST", target.path, body=body, headers={"Content-Type": "application/json"})
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer
