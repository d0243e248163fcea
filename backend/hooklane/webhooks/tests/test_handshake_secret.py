"""A handshake that hands over the provider's secret (Asana's X-Hook-Secret): stored through
the provider service only while the provider has none, then it verifies the events."""

import hashlib
import hmac

import pytest

from hooklane.accounts.models import AuditEvent
from hooklane.webhooks import schemes
from hooklane.webhooks.models import WebhookLog, WebhookProvider
from hooklane.webhooks.schemes import (
    Event,
    Handshake,
    Sender,
    SignatureError,
    any_matches,
    header,
    optional_header,
    secret_keys,
)
from hooklane.webhooks.services import provider_create

pytestmark = pytest.mark.django_db

NAME = "hook_secret_test"


def _verify(request, secrets, settings, now):
    handed = optional_header(request, "X-Hook-Secret")
    if handed is not None:
        return Event(
            None, "", handshake=Handshake(headers={"X-Hook-Secret": handed}, store_secret=handed)
        )
    signature = header(request, "X-Hook-Signature")
    expected = [
        hmac.new(key, request.body, hashlib.sha256).hexdigest().encode()
        for key in secret_keys(secrets)
    ]
    if not any_matches(expected, [signature.encode()]):
        raise SignatureError("X-Hook-Signature does not match")
    return Event(None, "event")


@pytest.fixture
def hook_sender():
    """A sender shaped like Asana's, registered for the test only."""
    schemes.SENDERS[NAME] = Sender(
        name=NAME,
        label="Hook secret (test)",
        family="custom",
        docs_url="https://developers.asana.com/docs/webhooks-guide",
        setup="",
        verifier=_verify,
        signature_headers=("x-hook-signature", "x-hook-secret"),
    )
    schemes.SCHEMES[NAME] = _verify
    yield NAME
    del schemes.SENDERS[NAME], schemes.SCHEMES[NAME]


def _provider(org, secret: str) -> WebhookProvider:
    provider = provider_create(
        organization=org, provider_name=NAME, display_name="Hooks", signing_secret="placeholder"
    )
    provider.signing_secret = secret  # as capture-first creates one: no secret yet
    provider.save(update_fields=["signing_secret"])
    return provider


def test_it_stores_the_secret_a_handshake_hands_over_and_echoes_it(client, org_a, hook_sender):
    provider = _provider(org_a, "")

    response = client.post(
        f"/in/{provider.ingest_key}",
        b"",
        content_type="application/json",
        headers={"X-Hook-Secret": "asana-secret-1"},
    )

    assert response.status_code == 200
    assert response["X-Hook-Secret"] == "asana-secret-1"
    provider.refresh_from_db()
    assert provider.signing_secret == "asana-secret-1"
    assert WebhookLog.objects.get(provider=provider).status == "handshake"
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PROVIDER_ROTATE_SECRET, metadata__from="handshake"
    ).exists()

    body = b'{"events":[]}'
    signature = hmac.new(b"asana-secret-1", body, hashlib.sha256).hexdigest()
    event = client.post(
        f"/in/{provider.ingest_key}",
        body,
        content_type="application/json",
        headers={"X-Hook-Signature": signature},
    )
    assert event.status_code == 200, event.content
    assert event.json()["status"] == "received"


def test_it_refuses_a_handshake_that_would_replace_a_secret(client, org_a, hook_sender):
    provider = _provider(org_a, "the-real-secret")

    response = client.post(
        f"/in/{provider.ingest_key}",
        b"",
        content_type="application/json",
        headers={"X-Hook-Secret": "attacker-secret"},
    )

    assert response.status_code == 409
    assert response.json()["error"] == "secret_already_set"
    assert "X-Hook-Secret" not in response
    provider.refresh_from_db()
    assert provider.signing_secret == "the-real-secret"
    assert not WebhookLog.objects.filter(provider=provider, status="handshake").exists()
