"""Sentry: hex HMAC-SHA256 of the body under the Client Secret. sentry-sdk does not sign
integration webhooks; signed by the documented recipe."""

import hashlib
import hmac

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "3f1a9c0e7b2d4e5f8a6b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f"
REQUEST_ID = "f9b1a0c4-6c2e-4a8e-9d3b-1e2f3a4b5c6d"
BODY = (
    b'{"action": "created", "data": {"issue": {"id": "1170820242"}}, '
    b'"actor": {"type": "application"}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {
        "Sentry-Hook-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
        "Sentry-Hook-Resource": "issue",
        "Sentry-Hook-Timestamp": str(int(now)),
        "Request-ID": REQUEST_ID,
    }


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "sentry",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=REQUEST_ID,
        expect_type="issue",
    )
