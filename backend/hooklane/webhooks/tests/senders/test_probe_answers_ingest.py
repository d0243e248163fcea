"""Dropbox, Nylas, X, Twitch and Xero probes through GET or POST /in/<ingest_key>: answered
as each sender documents, kept as handshakes, never routed."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime

import pytest

from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.services import provider_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_url(settings):
    settings.PUBLIC_BASE_URL = "https://hooks.example.com"


def create(org, name: str, secret: str):
    return provider_create(
        organization=org, provider_name=name, display_name=f"{name} test", signing_secret=secret
    )


def only_a_handshake_kept(provider) -> None:
    assert list(WebhookLog.objects.filter(provider=provider).values_list("status", flat=True)) == [
        "handshake"
    ]


@pytest.mark.parametrize("name", ["dropbox", "nylas"])
def test_the_challenge_get_is_echoed_as_plain_text_nobody_sniffs(client, org_a, name):
    provider = create(org_a, name, "app-secret")

    response = client.get(f"/in/{provider.ingest_key}?challenge=Nb6Ff3n2xW")

    assert response.status_code == 200, response.content
    assert response.content == b"Nb6Ff3n2xW"
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"
    only_a_handshake_kept(provider)


def test_x_gets_the_crc_response_token_made_with_the_consumer_secret(client, org_a):
    provider = create(org_a, "x_twitter", "consumer-secret")

    response = client.get(f"/in/{provider.ingest_key}?crc_token=9b4507b3")

    digest = hmac.new(b"consumer-secret", b"9b4507b3", hashlib.sha256).digest()
    assert response.status_code == 200, response.content
    assert json.loads(response.content) == {
        "response_token": "sha256=" + base64.b64encode(digest).decode()
    }
    only_a_handshake_kept(provider)


def test_twitch_gets_its_challenge_back_for_a_signed_verification(client, org_a):
    secret = "twitch-secret-0123456789"
    provider = create(org_a, "twitch", secret)
    body = json.dumps({"challenge": "pogchamp-kappa", "subscription": {"type": "x"}}).encode()
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.123456789Z")
    signature = hmac.new(secret.encode(), b"msg-1" + stamp.encode() + body, hashlib.sha256)

    response = client.post(
        f"/in/{provider.ingest_key}",
        body,
        content_type="application/json",
        HTTP_TWITCH_EVENTSUB_MESSAGE_ID="msg-1",
        HTTP_TWITCH_EVENTSUB_MESSAGE_TIMESTAMP=stamp,
        HTTP_TWITCH_EVENTSUB_MESSAGE_SIGNATURE="sha256=" + signature.hexdigest(),
        HTTP_TWITCH_EVENTSUB_MESSAGE_TYPE="webhook_callback_verification",
    )

    assert response.status_code == 200, response.content
    assert response.content == b"pogchamp-kappa"
    only_a_handshake_kept(provider)


@pytest.mark.parametrize(
    ("key", "status", "kept"),
    [("webhooks-key", 200, "handshake"), ("not-the-key", 401, "rejected")],
)
def test_xero_intent_to_receive_gets_200_signed_and_401_otherwise(client, org_a, key, status, kept):
    provider = create(org_a, "xero", "webhooks-key")
    body = b'{"events": [], "firstEventSequence": 0, "lastEventSequence": 0, "entropy": "E"}'
    digest = hmac.new(key.encode(), body, hashlib.sha256).digest()

    response = client.post(
        f"/in/{provider.ingest_key}",
        body,
        content_type="application/json",
        HTTP_X_XERO_SIGNATURE=base64.b64encode(digest).decode(),
    )

    assert response.status_code == status, response.content
    statuses = WebhookLog.objects.filter(provider=provider).values_list("status", flat=True)
    assert list(statuses) == [kept]
