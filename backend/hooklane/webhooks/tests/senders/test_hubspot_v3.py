"""HubSpot v3 signatures, made and checked by hubspot-api-client's Signature utility."""

import time

import pytest
from hubspot.utils.signature import Signature

from hooklane.webhooks.schemes import SignatureError, verify
from hooklane.webhooks.tests.conformance import NOW, URL, assert_sender_conforms, signed_request

SECRET = "c6a8e9f1-2b3d-4e5f-8a9b-0c1d2e3f4a5b"
BODY = b'[{"eventId": 100, "subscriptionType": "contact.creation", "objectId": 123}]'


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    timestamp = str(int(now * 1000))
    signature = Signature.get_signature(
        secret, body.decode(), "v3", http_uri=url, http_method="POST", timestamp=timestamp
    )
    return {"X-HubSpot-Signature-v3": signature, "X-HubSpot-Request-Timestamp": timestamp}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "hubspot_v3",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=None,
        expect_type="",
    )


def test_it_accepts_exactly_what_the_hubspot_sdk_validates():
    now = time.time()
    headers = sign(BODY, SECRET, now, URL)

    assert Signature.is_valid(
        headers["X-HubSpot-Signature-v3"],
        SECRET,
        BODY.decode(),
        http_uri=URL,
        signature_version="v3",
        timestamp=headers["X-HubSpot-Request-Timestamp"],
    )
    verify("hubspot_v3", signed_request(headers, BODY), [SECRET], {}, now)


def test_it_refuses_a_request_signed_for_another_url():
    headers = sign(BODY, SECRET, NOW, "https://hooklane.test/in/another-key")

    with pytest.raises(SignatureError) as refused:
        verify("hubspot_v3", signed_request(headers, BODY), [SECRET], {}, NOW)
    assert refused.value.reason == "wrong_signature"
