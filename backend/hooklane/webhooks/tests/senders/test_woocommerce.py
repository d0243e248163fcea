"""WooCommerce: base64 HMAC-SHA256 of the body, as WC_Webhook::generate_signature makes it,
and the unsigned ``webhook_id=N`` ping WooCommerce posts when a webhook is saved."""

import base64
import hashlib
import hmac

import pytest

from hooklane.webhooks.schemes import Handshake, SignatureError, verify
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, signed_request

SECRET = "wc-secret-:'&amp;-kept-as-typed"
BODY = b'{"id": 727, "status": "processing", "total": "29.35"}'
FORM = "application/x-www-form-urlencoded"


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return {
        "X-WC-Webhook-Signature": base64.b64encode(digest).decode(),
        "X-WC-Webhook-Topic": "order.created",
        "X-WC-Webhook-Delivery-ID": "4c1d7a0e2b",
        "X-WC-Webhook-ID": "12",
    }


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "woocommerce",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="4c1d7a0e2b",
        expect_type="order.created",
    )


def test_it_answers_the_unsigned_ping_with_200_and_never_routes_it():
    event = verify(
        "woocommerce", signed_request({}, b"webhook_id=12", content_type=FORM), [SECRET], {}, NOW
    )

    assert event.handshake == Handshake(status=200)
    assert event.event_type == "handshake"


@pytest.mark.parametrize("body", [b"webhook_id=12&extra=1", b"webhook_id=abc", b"webhook_id="])
def test_it_does_not_take_other_unsigned_forms_for_a_ping(body):
    with pytest.raises(SignatureError) as refused:
        verify("woocommerce", signed_request({}, body, content_type=FORM), [SECRET], {}, NOW)
    assert refused.value.reason == "missing_header"


def test_it_does_not_take_a_badly_signed_ping_for_a_ping():
    headers = {"X-WC-Webhook-Signature": "AAAA"}

    with pytest.raises(SignatureError) as refused:
        verify(
            "woocommerce",
            signed_request(headers, b"webhook_id=12", content_type=FORM),
            [SECRET],
            {},
            NOW,
        )
    assert refused.value.reason == "wrong_signature"
