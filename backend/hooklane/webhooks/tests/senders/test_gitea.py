"""Gitea: hex HMAC-SHA256 of the body; signed by the documented recipe (no Python SDK signs
webhooks)."""

import hashlib
import hmac

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "gitea-webhook-secret-1f2e"
BODY = b'{"ref": "refs/heads/main", "repository": {"full_name": "team/repo"}}'


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {
        "X-Gitea-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
        "X-Gitea-Delivery": "2b6ed2b2-9e4b-4f0e-8d43-2c1f0c3b9a10",
        "X-Gitea-Event": "push",
    }


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "gitea",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="2b6ed2b2-9e4b-4f0e-8d43-2c1f0c3b9a10",
        expect_type="push",
    )
