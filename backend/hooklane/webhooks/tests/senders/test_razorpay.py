"""Razorpay: hex HMAC-SHA256 of the body; checked with the ``razorpay`` SDK's Utility, the
function Razorpay's own docs tell Python users to call."""

import hashlib
import hmac

import razorpay

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "razorpay-webhook-secret-5d2e"
EVENT_ID = "KatSf2Yc6CPd3R"
BODY = (
    b'{"entity": "event", "event": "payment.captured", "contains": ["payment"], '
    b'"payload": {"payment": {"entity": {"id": "pay_29QQoUBi66xm2f"}}}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Razorpay-Signature": signature, "X-Razorpay-Event-Id": EVENT_ID}


def test_it_signs_as_the_razorpay_sdk_verifies():
    client = razorpay.Client(auth=("rzp_test_key", "rzp_test_secret"))
    signature = sign(BODY, SECRET, 0, "")["X-Razorpay-Signature"]

    assert client.utility.verify_webhook_signature(BODY.decode(), signature, SECRET)


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "razorpay",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=EVENT_ID,
        expect_type="payment.captured",
    )
