"""Lemon Squeezy: hex HMAC-SHA256 of the body; its SDKs are JavaScript/PHP only, so signed by
the documented recipe."""

import hashlib
import hmac

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "lemon-squeezy-secret-77"
BODY = (
    b'{"meta": {"event_name": "order_created", "custom_data": {}}, '
    b'"data": {"type": "orders", "id": "1"}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {"X-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "lemon_squeezy",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=None,
        expect_type="order_created",
    )
