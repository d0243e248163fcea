"""Zoom: ``x-zm-signature: v0=<hex>`` over "v0:<timestamp>:<body>", and the
endpoint.url_validation challenge answered as Zoom documents; signed by Zoom's recipe
(Zoom publishes no Python SDK for webhooks)."""

import hashlib
import hmac
import json

import pytest

from hooklane.webhooks.schemes import SignatureError, verify
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, signed_request

SECRET = "zoomSecretToken0123456789"
BODY = b'{"event": "meeting.started", "event_ts": 1700000000000, "payload": {"account_id": "a"}}'


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    ts = str(int(now))
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"x-zm-signature": f"v0={digest}", "x-zm-request-timestamp": ts}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "zoom",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=None,
        expect_type="meeting.started",
    )


def validation_body(plain: str = "qgg8vlvZRS6UYooatFL8Aw") -> bytes:
    return json.dumps(
        {
            "payload": {"plainToken": plain},
            "event_ts": 1654503849680,
            "event": "endpoint.url_validation",
        }
    ).encode()


def test_it_answers_the_url_validation_with_the_plain_token_and_its_hmac():
    body = validation_body()

    event = verify("zoom", signed_request(sign(body, SECRET, NOW, ""), body), [SECRET], {}, NOW)

    assert event.handshake.status == 200
    assert event.handshake.content_type == "application/json"
    assert json.loads(event.handshake.body) == {
        "plainToken": "qgg8vlvZRS6UYooatFL8Aw",
        "encryptedToken": hmac.new(
            SECRET.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256
        ).hexdigest(),
    }


def test_it_does_not_answer_an_unsigned_url_validation():
    # Answering one would hand anyone the secret's HMAC of a text they chose.
    with pytest.raises(SignatureError) as refused:
        verify("zoom", signed_request({}, validation_body()), [SECRET], {}, NOW)
    assert refused.value.reason == "missing_header"


def test_it_encrypts_the_token_under_the_secret_that_signed_the_validation():
    body = validation_body()
    old, new = "previousSecretToken", SECRET

    event = verify("zoom", signed_request(sign(body, new, NOW, ""), body), [old, new], {}, NOW)

    expected = hmac.new(new.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest()
    assert json.loads(event.handshake.body)["encryptedToken"] == expected
