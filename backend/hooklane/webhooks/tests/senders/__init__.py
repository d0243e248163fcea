"""Requests as each provider sends them, signed by the provider's own library or recipe.

Each sender returns a `Sent`: the body bytes, the content type and the headers to post,
ready for Django's test client (`client.post(url, sent.body, content_type=..., headers=...)`)
or any HTTP client.
"""

import base64
import hashlib
import hmac
import json
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode

import standardwebhooks
import stripe
import svix.webhooks
from slack_sdk.signature import SignatureVerifier
from twilio.request_validator import RequestValidator

from hooklane.webhooks.services import provider_create

SECRETS = {
    "stripe": "whsec_stripe_test_secret_0123456789",
    "github": "gh-webhook-secret",
    "shopify": "shpss_shopify_secret",
    "slack": "8f742231b10e8888abcd99yyyzzz85a5",
    "twilio": "12345678901234567890123456789012",
    "standard_webhooks": "whsec_" + base64.b64encode(b"standard-webhooks-key-32-bytes!!").decode(),
    "hmac_generic": "generic-shared-secret",
    "none": "",
}


@dataclass
class Sent:
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)
    event_id: str | None = None
    event_type: str = ""


def make_provider(organization, provider_name: str, secret: str | None = None, **fields):
    return provider_create(
        organization=organization,
        provider_name=provider_name,
        display_name=fields.pop("display_name", f"{provider_name} test"),
        signing_secret=SECRETS[provider_name] if secret is None else secret,
        **fields,
    )


def stripe_event(
    secret: str = SECRETS["stripe"], event_id: str = "evt_1", *, body: bytes | None = None, at=None
) -> Sent:
    if body is None:
        body = json.dumps(
            {"id": event_id, "object": "event", "type": "invoice.paid", "data": {"n": "Zoë"}},
            ensure_ascii=False,
        ).encode()
    header = stripe.WebhookSignature.generate_signature_header(
        body.decode("utf-8", "surrogateescape"), secret, timestamp=int(at or time.time())
    )
    return Sent(body, "application/json", {"Stripe-Signature": header}, event_id, "invoice.paid")


def github_event(secret: str = SECRETS["github"], delivery: str = "72d3162e-cc78-11e3") -> Sent:
    body = b'{"action": "opened", "issue": {"number": 1, "title": "Z\xc3\xbcrich"}}'
    # GitHub's documented recipe: "sha256=" + hex HMAC-SHA256 of the body.
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    headers = {
        "X-Hub-Signature-256": f"sha256={digest}",
        "X-GitHub-Event": "issues",
        "X-GitHub-Delivery": delivery,
    }
    return Sent(body, "application/json", headers, delivery, "issues.opened")


def shopify_event(secret: str = SECRETS["shopify"], webhook_id: str = "b54557e4-bdd9") -> Sent:
    body = b'{"id": 820982911946154508, "note": "cr\xc3\xa8me"}'
    # Shopify's documented recipe: base64 HMAC-SHA256 of the body.
    digest = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
    headers = {
        "X-Shopify-Hmac-Sha256": digest,
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Webhook-Id": webhook_id,
    }
    return Sent(body, "application/json", headers, webhook_id, "orders/create")


def slack_event(secret: str = SECRETS["slack"], payload: dict | None = None) -> Sent:
    payload = payload or {
        "type": "event_callback",
        "event_id": "Ev08MFMKH6",
        "event": {"type": "app_mention", "text": "héllo"},
    }
    body = json.dumps(payload, ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    headers = {"X-Slack-Signature": signature, "X-Slack-Request-Timestamp": timestamp}
    return Sent(body, "application/json", headers, payload.get("event_id"), "app_mention")


def twilio_event(url: str, token: str = SECRETS["twilio"]) -> Sent:
    """A form-encoded message webhook; `url` is the public URL Twilio was configured with."""
    pairs = [
        ("MessageSid", "SM9b1f7a1c5d2e3f4a5b6c7d8e9f0a1b2c"),
        ("SmsStatus", "received"),
        ("Body", "Café at 9?"),
        ("ErrorCode", ""),
    ]
    body = urlencode(pairs).encode()
    params = {name: value for name, value in pairs}
    signature = RequestValidator(token).compute_signature(url, params)
    headers = {"X-Twilio-Signature": signature, "I-Twilio-Idempotency-Token": "idem-1"}
    return Sent(body, "application/x-www-form-urlencoded", headers, "idem-1", "received")


def standard_webhooks_event(
    secret: str = SECRETS["standard_webhooks"], msg_id: str = "msg_2KWPBgLl", *, svix_headers=False
) -> Sent:
    body = json.dumps({"type": "invoice.paid", "data": {"amount": 100}}).encode()
    at = datetime.now(tz=UTC)
    library = svix.webhooks.Webhook if svix_headers else standardwebhooks.Webhook
    signature = library(secret).sign(msg_id, at, body.decode())
    prefix = "svix-" if svix_headers else "webhook-"
    headers = {
        f"{prefix}id": msg_id,
        f"{prefix}timestamp": str(int(at.timestamp())),
        f"{prefix}signature": signature,
    }
    return Sent(body, "application/json", headers, msg_id, "invoice.paid")


def hmac_generic_event(secret: str = SECRETS["hmac_generic"], settings: dict | None = None) -> Sent:
    settings = settings or {"header": "X-Acme-Signature", "algorithm": "sha512"}
    body = b'{"event": "user.created", "id": 42}'
    algorithm = getattr(hashlib, settings.get("algorithm", "sha256"))
    digest = hmac.new(secret.encode(), body, algorithm).digest()
    if settings.get("encoding") == "base64":
        encoded = base64.b64encode(digest).decode()
    else:
        encoded = digest.hex()
    headers = {settings.get("header", "X-Signature"): settings.get("prefix", "") + encoded}
    return Sent(body, "application/json", headers, None, "user.created")


def post(client, provider_or_url, sent: Sent, **extra):
    url = provider_or_url if isinstance(provider_or_url, str) else ingest_path(provider_or_url)
    return client.post(
        url, sent.body, content_type=sent.content_type, headers=sent.headers, **extra
    )


def ingest_path(provider) -> str:
    return f"/in/{provider.ingest_key}"


@contextmanager
def broker_at(url: str):
    """Point this process's Celery client at another broker URL, then back."""
    from celery import current_app as app

    def switch(to: str) -> None:
        app.conf.broker_url = to
        # The app keeps pools built for the old URL; drop its references (kombu keeps the
        # pools themselves, one per URL, so switching back finds the real one again).
        app._after_fork()

    real = app.conf.broker_url
    switch(url)
    try:
        yield
    finally:
        switch(real)
