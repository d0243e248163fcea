"""LaunchDarkly: hex HMAC-SHA256 of the body. The launchdarkly-server-sdk evaluates flags and
signs no webhooks; signed by the documented recipe."""

import hashlib
import hmac

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "ld-webhook-secret-5c9d"
BODY = (
    b'{"_id": "57c0a8e29969090743529965", "kind": "flag", "name": "Example flag", '
    b'"date": 1700000000000}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {"X-LD-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "launchdarkly",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="57c0a8e29969090743529965",
        expect_type="flag",
    )
