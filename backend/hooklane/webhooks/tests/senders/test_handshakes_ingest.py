"""The hand-written senders' handshakes and states through the real ingest endpoint."""

import json
import time

import nacl.signing
import pytest

from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.services import provider_create

from . import Sent, ingest_path, post

pytestmark = pytest.mark.django_db

DISCORD_KEY = nacl.signing.SigningKey(b"d" * 32)


def provider(organization, name: str, secret: str):
    return provider_create(
        organization=organization, provider_name=name, display_name=name, signing_secret=secret
    )


def discord(body: bytes, key=DISCORD_KEY) -> Sent:
    timestamp = str(int(time.time()))
    signature = key.sign(timestamp.encode() + body).signature.hex()
    headers = {"X-Signature-Ed25519": signature, "X-Signature-Timestamp": timestamp}
    return Sent(body, "application/json", headers)


def test_discords_ping_is_answered_with_a_pong_and_kept_as_a_handshake(client, org_a):
    hook = provider(org_a, "discord", DISCORD_KEY.verify_key.encode().hex())

    response = post(client, hook, discord(b'{"id":"1","type":1,"version":1}'))

    assert response.status_code == 200
    assert response.json() == {"type": 1}
    log = WebhookLog.objects.get(provider=hook)
    assert (log.status, log.verification) == ("handshake", "verified")


def test_discords_probe_with_a_bad_signature_gets_401(client, org_a):
    hook = provider(org_a, "discord", DISCORD_KEY.verify_key.encode().hex())
    forged = discord(b'{"type":1}', key=nacl.signing.SigningKey(b"x" * 32))

    response = post(client, hook, forged)

    assert response.status_code == 401
    assert b'"type": 1' not in response.content and b'"type":1' not in response.content


def test_discords_webhook_events_ping_gets_204(client, org_a):
    hook = provider(org_a, "discord", DISCORD_KEY.verify_key.encode().hex())

    response = post(client, hook, discord(b'{"version":1,"application_id":"4","type":0}'))

    assert response.status_code == 204


def test_oktas_verification_get_is_answered(client, org_a):
    hook = provider(org_a, "okta", "okta-auth-value")

    response = client.get(
        ingest_path(hook),
        headers={"Authorization": "okta-auth-value", "X-Okta-Verification-Challenge": "R1HFJ8r"},
    )

    assert response.status_code == 200
    assert response.json() == {"verification": "R1HFJ8r"}
    log = WebhookLog.objects.get(provider=hook)
    assert (log.status, log.verification) == ("handshake", "authenticated")


def test_microsoft_graphs_validation_token_is_echoed_as_text(client, org_a):
    hook = provider(org_a, "microsoft_graph", "client-state")

    response = client.post(
        ingest_path(hook) + "?validationToken=Validation%3A%20Testing",
        b"",
        content_type="text/plain",
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"Validation: Testing"


def test_adobes_challenge_get_is_echoed(client, org_a):
    hook = provider(org_a, "adobe_io", "client-id")

    response = client.get(ingest_path(hook) + "?challenge=8ec8d794")

    assert response.status_code == 200
    assert response.json() == {"challenge": "8ec8d794"}


def test_a_gitlab_token_is_stored_as_authenticated_and_get_is_not_allowed(client, org_a):
    hook = provider(org_a, "gitlab", "gl-token")
    body = json.dumps({"object_kind": "push"}).encode()

    response = post(client, hook, Sent(body, "application/json", {"X-Gitlab-Token": "gl-token"}))

    assert response.status_code in (200, 202)
    log = WebhookLog.objects.get(provider=hook)
    assert (log.event_type, log.verification) == ("push", "authenticated")
    assert client.get(ingest_path(hook)).status_code == 405
