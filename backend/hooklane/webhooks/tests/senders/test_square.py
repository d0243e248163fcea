"""Square: signatures checked by squareup's WebhooksHelper, over notification URL + body."""

import base64
import hashlib
import hmac

import pytest
from square.utils.webhooks_helper import verify_signature

from hooklane.webhooks.schemes import SignatureError, verify
from hooklane.webhooks.tests.conformance import NOW, URL, assert_sender_conforms, signed_request

SECRET = "Ls3NmU5rOQlWZUzR2YdIvA"
BODY = (
    b'{"merchant_id": "6SSW7HV8K2ST5", "type": "payment.created", '
    b'"event_id": "6a8f5f28-54a1-4eb0-a98a-3111513fd4fc", "data": {"type": "payment"}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    digest = hmac.new(secret.encode(), url.encode() + body, hashlib.sha256).digest()
    signature = base64.b64encode(digest).decode()
    # The signer agrees with Square's own helper before the harness uses it.
    assert verify_signature(
        request_body=body.decode(),
        signature_header=signature,
        signature_key=secret,
        notification_url=url,
    )
    return {"x-square-hmacsha256-signature": signature}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "square",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="6a8f5f28-54a1-4eb0-a98a-3111513fd4fc",
        expect_type="payment.created",
    )


def test_it_refuses_a_notification_signed_for_another_url_like_squares_helper():
    other = "https://hooklane.test/in/another-key"
    headers = sign(BODY, SECRET, NOW, other)

    assert not verify_signature(
        request_body=BODY.decode(),
        signature_header=headers["x-square-hmacsha256-signature"],
        signature_key=SECRET,
        notification_url=URL,
    )
    with pytest.raises(SignatureError) as refused:
        verify("square", signed_request(headers, BODY, url=URL), [SECRET], {}, NOW)
    assert refused.value.reason == "wrong_signature"


def test_it_accepts_the_vector_squares_sdks_publish():
    # The webhooks helper tests of Square's Python, Ruby and Node SDKs share this request.
    body = (
        b'{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification",'
        b'"event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f",'
        b'"created_at":"2022-07-13T20:30:59.037339943Z",'
        b'"data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}'
    )
    headers = {"x-square-hmacsha256-signature": "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4="}
    url = "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9"

    event = verify(
        "square", signed_request(headers, body, url=url), ["Ibxx_5AKakO-3qeNVR61Dw"], {}, NOW
    )

    assert (event.external_id, event.event_type) == (
        "ac3ac95b-f97d-458c-a6e6-18981597e05f",
        "webhooks.test_notification",
    )
