"""Bitbucket Cloud: ``sha256=`` hex over the body. Atlassian publishes no Python signer;
signed by the documented recipe."""

import hashlib
import hmac

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "bitbucket-generated-secret-91ab"
DELIVERY = "c64d3f3f-2a23-4e2e-9c1f-0a5f0f8e8c11"
BODY = b'{"push": {"changes": []}, "repository": {"full_name": "team/repo"}}'


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {
        "X-Hub-Signature": "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
        "X-Event-Key": "repo:push",
        "X-Request-UUID": DELIVERY,
    }


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "bitbucket",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=DELIVERY,
        expect_type="repo:push",
    )
