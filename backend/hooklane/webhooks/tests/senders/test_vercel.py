"""Vercel: HMAC-SHA1 of the body, hex; signed by Vercel's documented recipe (no Python SDK)."""

import hashlib
import hmac

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "vercel-webhook-secret-Qm9vayBtZSBhIGRlcGxveQ"
BODY = b'{"id": "uev_9hDVfdQX2z0zRBaDs5pLcCpJ", "type": "deployment.succeeded", "payload": {}}'


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {"x-vercel-signature": hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "vercel",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="uev_9hDVfdQX2z0zRBaDs5pLcCpJ",
        expect_type="deployment.succeeded",
    )
