"""Coinbase Commerce: hex HMAC-SHA256 of the body. Its Python library (coinbase-commerce) is
archived and unmaintained; signed by the documented recipe (that library's Webhook.verify_sig)."""

import hashlib
import hmac

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "71bf6ad3-f754-4f23-8485-2a21bd3e22e3"
BODY = (
    b'{"id": 1, "scheduled_for": "2017-01-31T20:50:02Z", '
    b'"event": {"id": "24934862-d980-46cb-9402-43c81b0cdba6", '
    b'"type": "charge:created", "api_version": "2018-03-22", '
    b'"data": {"code": "66BEOV2A"}}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {"X-CC-Webhook-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "coinbase_commerce",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="24934862-d980-46cb-9402-43c81b0cdba6",
        expect_type="charge:created",
    )
