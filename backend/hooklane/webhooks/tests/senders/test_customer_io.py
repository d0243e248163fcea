"""Customer.io: hex HMAC-SHA256 of ``v0:ts:body``; checked with async-customerio's
request_validator, the Python validator that follows Customer.io's doc."""

import hashlib
import hmac

from async_customerio.request_validator import validate_signature

from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms

SECRET = "cio-webhook-signing-key-0d4c"
BODY = (
    b'{"event_id": "01E4C4CT6YDC7Y5M7FE1GWWPQJ", "object_type": "email", '
    b'"metric": "opened", "timestamp": 1700000000}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    t = str(int(now))
    message = f"v0:{t}:".encode() + body
    return {
        "X-CIO-Signature": hmac.new(secret.encode(), message, hashlib.sha256).hexdigest(),
        "X-CIO-Timestamp": t,
    }


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "customer_io",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=None,
        expect_type="",
    )


def test_it_signs_as_async_customerio_validates():
    headers = sign(BODY, SECRET, NOW, "")

    assert validate_signature(SECRET, NOW, BODY, headers["X-CIO-Signature"])
