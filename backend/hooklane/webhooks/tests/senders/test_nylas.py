"""Nylas: hex HMAC-SHA256 of the body; the nylas Python SDK (v6) has no webhook verifier any
more, so signed by the documented recipe."""

import hashlib
import hmac

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, signed_request

SECRET = "nylas-webhook-secret-3ab4"
BODY = (
    b'{"specversion": "1.0", "type": "message.created", '
    b'"id": "5b8a2c1e-7d3f-4a9b-8c6e-1f2a3b4c5d6e", "data": {"object": {"id": "m1"}}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {"X-Nylas-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "nylas",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="5b8a2c1e-7d3f-4a9b-8c6e-1f2a3b4c5d6e",
        expect_type="message.created",
    )


def test_it_echoes_the_challenge_nylas_sends_when_the_webhook_is_created():
    request = signed_request(
        {}, b"", method="GET", url="https://hooklane.test/in/key?challenge=bc609b38-c81f-47fb"
    )

    event = verify("nylas", request, [SECRET], {}, NOW)

    assert event.handshake is not None
    assert event.handshake.status == 200
    assert event.handshake.body == b"bc609b38-c81f-47fb"
