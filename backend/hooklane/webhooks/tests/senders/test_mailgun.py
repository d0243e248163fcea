"""Mailgun: the signature object in the body, signed as Mailgun's documentation shows."""

import hashlib
import hmac
import json
import secrets as random
import time
from urllib.parse import urlencode

import pytest

from hooklane.webhooks.schemes import SignatureError, verify
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, signed_request

KEY = "key-mailgun-webhook-signing-0123"
EVENT_DATA = {"id": "CPgfbmQMTCKtHW6uIWtuVe", "event": "delivered", "recipient": "zoë@x.ch"}


def signature(secret: str, now: float, token: str | None = None) -> dict[str, str]:
    timestamp, token = str(int(now)), token or random.token_hex(25)
    digest = hmac.new(secret.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    return {"timestamp": timestamp, "token": token, "signature": digest}


def body_for(secret: str, now: float, token: str | None = None) -> bytes:
    return json.dumps(
        {"signature": signature(secret, now, token), "event-data": EVENT_DATA}, ensure_ascii=False
    ).encode()


def test_it_conforms():
    # The signature lives in the body: the signer returns the body it signed.
    def sign(body, secret, now, url):
        return {}, body_for(secret, now, token="t" * 50)

    assert_sender_conforms(
        "mailgun",
        sign=sign,
        body=b"",
        secret=KEY,
        required_headers=(),
        tampered_body=body_for(KEY, NOW, token="t" * 50).replace(b"t" * 50, b"u" * 50),
        rotation=True,
        expect_id="CPgfbmQMTCKtHW6uIWtuVe",
        expect_type="delivered",
    )


@pytest.mark.parametrize(
    ("offset", "reason"), [(-3600, "stale_timestamp"), (3600, "future_timestamp")]
)
def test_it_refuses_a_timestamp_outside_the_tolerance(offset, reason):
    now = time.time()
    request = signed_request({}, body_for(KEY, now + offset))
    with pytest.raises(SignatureError) as refused:
        verify("mailgun", request, [KEY], {}, now)
    assert refused.value.reason == reason


def test_it_refuses_a_body_signed_with_another_key():
    request = signed_request({}, body_for("other-key", time.time()))
    with pytest.raises(SignatureError) as refused:
        verify("mailgun", request, [KEY], {}, time.time())
    assert refused.value.reason == "wrong_signature"


def test_it_verifies_the_documented_example_fields():
    # The timestamp and token of Mailgun's documented example, signed by the recipe.
    fields = signature(KEY, 1529006854, token="a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0")
    body = json.dumps({"signature": fields, "event-data": EVENT_DATA}).encode()

    event = verify("mailgun", signed_request({}, body), [KEY], {}, 1529006854)
    assert event.external_id == "CPgfbmQMTCKtHW6uIWtuVe"


def test_it_verifies_an_inbound_route_form():
    form = {**signature(KEY, 1_700_000_000), "sender": "a@b.ch", "subject": "Grüezi"}
    body = urlencode(form).encode()
    request = signed_request({}, body, content_type="application/x-www-form-urlencoded")

    assert verify("mailgun", request, [KEY], {}, 1_700_000_000).event_type == ""


def test_it_refuses_a_body_without_the_signature_object():
    request = signed_request({}, b'{"event-data": {}}')
    with pytest.raises(SignatureError) as refused:
        verify("mailgun", request, [KEY], {}, 0)
    assert refused.value.reason == "invalid_body"
