"""X: ``sha256=<base64>`` over the body, and the CRC response; X publishes no Python signer,
so signed by the documented recipe; the CRC is checked with the inputs of X's CRC example."""

import base64
import hashlib
import hmac
import json

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, refusal, signed_request

SECRET = "z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu"
BODY = b'{"for_user_id": "2244994945", "tweet_create_events": [{"id_str": "1"}]}'


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return {"x-twitter-webhooks-signature": "sha256=" + base64.b64encode(digest).decode()}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "x_twitter",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=None,
        expect_type="",
    )


def test_it_answers_the_crc_with_the_response_token_x_expects():
    token = (
        "9b4507b3-9040-4669-9ca3-6b94edb50553"  # the token of X's CRC example, SECRET its secret
    )
    request = signed_request(
        {}, b"", method="GET", url=f"https://hooklane.test/in/key?crc_token={token}"
    )

    event = verify("x_twitter", request, [SECRET], {}, NOW)

    expected = base64.b64encode(
        hmac.new(SECRET.encode(), token.encode(), hashlib.sha256).digest()
    ).decode()
    assert event.handshake is not None
    assert event.handshake.content_type == "application/json"
    assert json.loads(event.handshake.body) == {"response_token": "sha256=" + expected}


def test_it_refuses_a_get_without_a_crc_token():
    request = signed_request({}, b"", method="GET", url="https://hooklane.test/in/key")

    assert refusal("x_twitter", request, [SECRET]) == "missing_header"
