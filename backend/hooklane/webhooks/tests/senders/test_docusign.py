"""DocuSign Connect: base64 HMAC-SHA256 of the body. docusign-esign signs no Connect messages;
signed by the documented recipe (DocuSign's own ComputeHash example)."""

import base64
import hashlib
import hmac

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "Wv5n3Hj9ZqkQ0sT8uXyA1bC2dE3fG4hI5jK6lM7nO8p="
BODY = (
    b'{"event": "envelope-completed", "apiVersion": "v2.1", "configurationId": 10418, '
    b'"data": {"envelopeId": "9e6a8f3c"}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return {"X-DocuSign-Signature-1": base64.b64encode(digest).decode()}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "docusign",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=None,
        expect_type="envelope-completed",
    )
