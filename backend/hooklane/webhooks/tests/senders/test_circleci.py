"""CircleCI: ``v1=<hex>`` over the body; CircleCI publishes no Python signer, so signed by the
recipe its staff documents (v1 only for now, items comma-separated)."""

import hashlib
import hmac

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "circleci-secret-token-6f1e"
BODY = (
    b'{"id": "3888f21b-eaa7-38e3-8f3d-75a63bba8895", "type": "workflow-completed", '
    b'"happened_at": "2021-09-01T22:49:34.317Z", "workflow": {"status": "success"}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {
        "circleci-signature": "v1=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    }


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "circleci",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="3888f21b-eaa7-38e3-8f3d-75a63bba8895",
        expect_type="workflow-completed",
    )
