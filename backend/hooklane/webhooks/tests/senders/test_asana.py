"""Asana: hex HMAC-SHA256 of the body under the handshake's X-Hook-Secret. The asana SDK calls
Asana's API and signs nothing; signed by the documented recipe."""

import hashlib
import hmac

import pytest

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.services import provider_create
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, signed_request

SECRET = "8b5c1a3e0f2d4c6b9a7e5d3c1b0a9f8e"
BODY = (
    b'{"events": [{"action": "changed", "resource": {"gid": "1337", "resource_type": "task"}, '
    b'"user": {"gid": "42"}}]}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {"X-Hook-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "asana", sign=sign, body=BODY, secret=SECRET, rotation=True, expect_id=None, expect_type=""
    )


def test_it_answers_the_handshake_by_echoing_x_hook_secret_and_keeping_it():
    request = signed_request({"X-Hook-Secret": SECRET}, b"")

    event = verify("asana", request, [], {}, NOW)

    assert event.handshake is not None
    assert event.handshake.status == 200
    assert event.handshake.headers == {"X-Hook-Secret": SECRET}
    assert event.handshake.store_secret == SECRET


@pytest.mark.django_db
def test_it_verifies_events_after_a_handshake_once_ingest_kept_its_secret(client, org_a):
    provider = provider_create(
        organization=org_a, provider_name="asana", display_name="Asana", signing_secret="x"
    )
    provider.signing_secret = ""  # as capture-first creates it: no secret yet
    provider.save(update_fields=["signing_secret"])

    handshake = client.post(
        f"/in/{provider.ingest_key}",
        b"",
        content_type="application/json",
        headers={"X-Hook-Secret": SECRET},
    )
    event = client.post(
        f"/in/{provider.ingest_key}",
        BODY,
        content_type="application/json",
        headers=sign(BODY, SECRET, NOW, ""),
    )
    again = client.post(
        f"/in/{provider.ingest_key}",
        b"",
        content_type="application/json",
        headers={"X-Hook-Secret": "an-attackers-secret"},
    )

    assert handshake.status_code == 200
    assert handshake["X-Hook-Secret"] == SECRET
    assert event.status_code == 200, event.content
    assert again.status_code == 409
    provider.refresh_from_db()
    assert provider.signing_secret == SECRET
