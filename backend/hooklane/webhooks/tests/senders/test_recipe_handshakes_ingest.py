"""The recipe senders' set-up probes through POST or GET /in/<ingest_key>: answered as each
sender documents, kept for the dashboard as handshakes, never routed."""

import hashlib
import hmac
import json
import time

import pytest

from hooklane.core.errors import ValidationFailed
from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.services import provider_create

pytestmark = pytest.mark.django_db

PUBLIC = "https://hooks.example.com"


@pytest.fixture(autouse=True)
def _public_url(settings):
    settings.PUBLIC_BASE_URL = PUBLIC


def create(org, name: str, secret: str, settings: dict | None = None):
    return provider_create(
        organization=org,
        provider_name=name,
        display_name=f"{name} test",
        signing_secret=secret,
        settings=settings,
    )


def handshake_log(provider) -> WebhookLog:
    log = WebhookLog.objects.get(provider=provider)
    assert log.status == "handshake"
    return log


def test_meta_gets_its_challenge_back_for_the_right_verify_token(client, org_a):
    provider = create(org_a, "meta", "app-secret", {"verify_token": "my-verify-token"})
    query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=my-verify-token"

    response = client.get(f"/in/{provider.ingest_key}?{query}")

    assert response.status_code == 200, response.content
    assert response.content == b"1158201444"
    handshake_log(provider)


def test_meta_gets_no_challenge_for_another_verify_token(client, org_a):
    provider = create(org_a, "meta", "app-secret", {"verify_token": "my-verify-token"})
    query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess"

    response = client.get(f"/in/{provider.ingest_key}?{query}")

    assert response.status_code == 401
    assert b"1158201444" not in response.content
    assert not WebhookLog.objects.filter(provider=provider).exclude(status="rejected").exists()


def test_a_get_is_refused_for_a_sender_without_a_get_handshake(client, org_a):
    provider = create(org_a, "intercom", "client-secret")

    response = client.get(f"/in/{provider.ingest_key}?hub.mode=subscribe&hub.challenge=1")

    assert response.status_code in (404, 405)
    assert b"hub" not in response.content


# WordPress posts a string body without a Content-Type of its own.
@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", ""])
def test_woocommerce_gets_200_for_its_unsigned_ping(client, org_a, content_type):
    provider = create(org_a, "woocommerce", "wc-secret")

    response = client.post(
        f"/in/{provider.ingest_key}", b"webhook_id=12", content_type=content_type
    )

    assert response.status_code == 200, response.content
    handshake_log(provider)


def test_zoom_gets_the_encrypted_token_for_its_signed_url_validation(client, org_a):
    secret = "zoomSecretToken0123456789"
    provider = create(org_a, "zoom", secret)
    body = json.dumps(
        {"payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"}, "event": "endpoint.url_validation"}
    ).encode()
    ts = str(int(time.time()))
    signature = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()

    response = client.post(
        f"/in/{provider.ingest_key}",
        body,
        content_type="application/json",
        headers={"x-zm-signature": f"v0={signature}", "x-zm-request-timestamp": ts},
    )

    assert response.status_code == 200, response.content
    assert response.json() == {
        "plainToken": "qgg8vlvZRS6UYooatFL8Aw",
        "encryptedToken": hmac.new(
            secret.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256
        ).hexdigest(),
    }
    handshake_log(provider)


def test_meta_keeps_its_verify_token_setting_and_refuses_any_other(org_a):
    provider = create(org_a, "meta", "app-secret", {"verify_token": "my-verify-token"})
    assert provider.settings == {"verify_token": "my-verify-token"}

    with pytest.raises(ValidationFailed, match="Unknown settings: header"):
        create(org_a, "meta", "app-secret", {"header": "X-Other"})
    with pytest.raises(ValidationFailed, match="verify_token must be"):
        create(org_a, "meta", "app-secret", {"verify_token": "has a space"})
    with pytest.raises(ValidationFailed, match="take no settings"):
        create(org_a, "intercom", "client-secret", {"verify_token": "x"})
