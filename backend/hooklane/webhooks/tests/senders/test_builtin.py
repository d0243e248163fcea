"""The eight senders Hooklane started with, through the conformance harness, each signed by
its own SDK where the sender publishes one."""

import base64
import hashlib
import hmac
from datetime import UTC, datetime

import standardwebhooks
import stripe
from slack_sdk.signature import SignatureVerifier
from twilio.request_validator import RequestValidator

from ..conformance import assert_sender_conforms

STRIPE_BODY = b'{"id": "evt_1", "object": "event", "type": "invoice.paid"}'


def test_stripe_conforms_signed_by_the_stripe_sdk():
    def sign(body, secret, now, url):
        signature = stripe.WebhookSignature._compute_signature(
            f"{int(now)}.{body.decode()}", secret
        )
        return {"Stripe-Signature": f"t={int(now)},v1={signature}"}

    assert_sender_conforms(
        "stripe",
        sign=sign,
        body=STRIPE_BODY,
        secret="whsec_test_secret",
        expect_id="evt_1",
        expect_type="invoice.paid",
    )


def test_github_conforms():
    def sign(body, secret, now, url):
        digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return {
            "X-Hub-Signature-256": f"sha256={digest}",
            "X-GitHub-Event": "issues",
            "X-GitHub-Delivery": "d-1",
        }

    assert_sender_conforms(
        "github",
        sign=sign,
        body=b'{"action": "opened"}',
        secret="gh-secret",
        expect_id="d-1",
        expect_type="issues.opened",
    )


def test_shopify_conforms():
    def sign(body, secret, now, url):
        digest = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
        return {
            "X-Shopify-Hmac-Sha256": digest.decode(),
            "X-Shopify-Topic": "orders/create",
            "X-Shopify-Webhook-Id": "w-1",
        }

    assert_sender_conforms(
        "shopify",
        sign=sign,
        body=b'{"id": 1}',
        secret="shpss_secret",
        expect_id="w-1",
        expect_type="orders/create",
    )


def test_slack_conforms_signed_by_the_slack_sdk():
    def sign(body, secret, now, url):
        verifier = SignatureVerifier(secret)
        return {
            "X-Slack-Request-Timestamp": str(int(now)),
            "X-Slack-Signature": verifier.generate_signature(timestamp=str(int(now)), body=body),
        }

    assert_sender_conforms(
        "slack",
        sign=sign,
        body=b'{"type": "event_callback", "event_id": "Ev1", "event": {"type": "message"}}',
        secret="slack-signing-secret",
        expect_id="Ev1",
        expect_type="message",
    )


def test_standard_webhooks_conforms_signed_by_the_standardwebhooks_sdk():
    secret = "whsec_" + base64.b64encode(b"k" * 32).decode()

    def sign(body, secret, now, url):
        timestamp = datetime.fromtimestamp(now, tz=UTC)
        signature = standardwebhooks.Webhook(secret).sign("msg_1", timestamp, body.decode())
        return {
            "webhook-id": "msg_1",
            "webhook-timestamp": str(int(now)),
            "webhook-signature": signature,
        }

    assert_sender_conforms(
        "standard_webhooks",
        sign=sign,
        body=b'{"type": "user.created"}',
        secret=secret,
        rotation=True,
        expect_id="msg_1",
        expect_type="user.created",
    )


def test_hmac_generic_conforms_with_rotation():
    def sign(body, secret, now, url):
        return {"X-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()}

    assert_sender_conforms(
        "hmac_generic",
        sign=sign,
        body=b'{"type": "thing.done"}',
        secret="generic-secret",
        settings={"header": "X-Signature", "algorithm": "sha256", "encoding": "hex"},
        rotation=True,
        expect_type="thing.done",
    )


def test_twilio_conforms_signed_by_the_twilio_sdk():
    def sign(body, secret, now, url):
        params = {"MessageSid": "SM1", "SmsStatus": "received", "Body": "hi"}
        return {"X-Twilio-Signature": RequestValidator(secret).compute_signature(url, params)}

    assert_sender_conforms(
        "twilio",
        sign=sign,
        body=b"Body=hi&MessageSid=SM1&SmsStatus=received",
        content_type="application/x-www-form-urlencoded",
        tampered_body=b"Body=ho&MessageSid=SM1&SmsStatus=received",
        secret="twilio-auth-token",
        expect_id="SM1",
        expect_type="received",
    )
