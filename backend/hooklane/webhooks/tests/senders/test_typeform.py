"""Typeform: ``Typeform-Signature: sha256=<base64>``; signed by Typeform's documented recipe."""

import base64
import hashlib
import hmac

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "typeform-webhook-secret"
BODY = (
    b'{"event_id": "01HX9P0QKJ3V4Z7YB8C2M5N6DE", "event_type": "form_response", '
    b'"form_response": {"form_id": "lT4Z3j", "answers": []}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return {"Typeform-Signature": "sha256=" + base64.b64encode(digest).decode()}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "typeform",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="01HX9P0QKJ3V4Z7YB8C2M5N6DE",
        expect_type="form_response",
    )
