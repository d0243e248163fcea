"""Linear: HMAC-SHA256 of the body, whose webhookTimestamp (ms) the signature covers.

Linear publishes no Python SDK; signed by its documented recipe."""

import hashlib
import hmac
import json

import pytest

from hooklane.webhooks.schemes import SignatureError, verify
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, signed_request

SECRET = "lin_wh_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b"
DELIVERY = "234d1a4e-b617-4388-90fe-adc3633d6b72"
EVENT = {"action": "create", "type": "Issue", "data": {"id": "2174add1"}, "webhookId": "w1"}


def stamped(now: float) -> bytes:
    return json.dumps({**EVENT, "webhookTimestamp": int(now * 1000)}).encode()


def sign(body: bytes, secret: str, now: float, url: str):
    body = json.dumps({**json.loads(body), "webhookTimestamp": int(now * 1000)}).encode()
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {
        "Linear-Signature": signature,
        "Linear-Delivery": DELIVERY,
        "Linear-Event": "Issue",
    }, body


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "linear",
        sign=sign,
        body=stamped(NOW),
        secret=SECRET,
        rotation=True,
        expect_id=DELIVERY,
        expect_type="Issue",
    )


def test_it_allows_the_minute_of_drift_linear_documents_and_no_more():
    headers, body = sign(stamped(NOW), SECRET, NOW, "")

    verify("linear", signed_request(headers, body), [SECRET], {}, NOW + 60)
    with pytest.raises(SignatureError) as refused:
        verify("linear", signed_request(headers, body), [SECRET], {}, NOW + 61)
    assert refused.value.reason == "stale_timestamp"


def test_it_refuses_a_body_without_its_webhook_timestamp():
    body = json.dumps(EVENT).encode()
    headers = {"Linear-Signature": hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()}

    with pytest.raises(SignatureError) as refused:
        verify("linear", signed_request(headers, body), [SECRET], {}, NOW)
    assert refused.value.reason == "missing_header"
