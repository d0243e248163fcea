"""Sanity: ``t=<ms>,v1=<base64url>`` over ``t.body``; @sanity/webhook is JavaScript only, so
signed by the computation it (and sanity_webhook_plug) documents."""

import base64
import hashlib
import hmac

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "sanity-webhook-secret-ab12"
BODY = b'{"_id": "movie_1", "_type": "movie", "title": "Alien"}'


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    t = str(int(now * 1000))
    digest = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).digest()
    return {
        "sanity-webhook-signature": f"t={t},v1="
        + base64.urlsafe_b64encode(digest).decode().rstrip("=")
    }


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "sanity",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=None,
        expect_type="",
    )
