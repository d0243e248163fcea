"""Adyen: notification items signed with the Adyen SDK's own util.generate_notification_sig."""

import copy
import json

import pytest
from Adyen import util

from hooklane.webhooks.schemes import SignatureError, verify
from hooklane.webhooks.tests.conformance import assert_sender_conforms, signed_request

KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"
OTHER_KEY = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF"


def item(psp: str = "7914073381342284", code: str = "AUTHORISATION") -> dict:
    return {
        "additionalData": {"hmacSignature": ""},
        "amount": {"currency": "EUR", "value": 1130},
        "eventCode": code,
        "eventDate": "2024-01-01T01:00:00+01:00",
        "merchantAccountCode": "YOUR_MERCHANT_ACCOUNT",
        "merchantReference": "Zürich-order-1",
        "pspReference": psp,
        "success": "true",
    }


def signed_body(secret: str, *items: dict) -> bytes:
    notifications = []
    for raw in items:
        unsigned = {key: value for key, value in raw.items() if key != "additionalData"}
        raw = copy.deepcopy(raw)
        raw["additionalData"]["hmacSignature"] = util.generate_notification_sig(
            unsigned, secret
        ).decode()
        notifications.append({"NotificationRequestItem": raw})
    return json.dumps(
        {"live": "false", "notificationItems": notifications}, ensure_ascii=False
    ).encode()


def test_it_conforms():
    body = signed_body(KEY, item())
    assert_sender_conforms(
        "adyen",
        sign=lambda body, secret, now, url: {},
        required_headers=(),
        body=body,
        secret=KEY,
        tampered_body=body.replace(b"1130", b"1", 1),
        rotation=True,
        expect_id="7914073381342284:AUTHORISATION:true",
        expect_type="AUTHORISATION",
    )


def test_the_sdk_accepts_what_it_signed():
    body = json.loads(signed_body(KEY, item()))
    assert util.is_valid_hmac_notification(body, KEY)


def test_it_refuses_a_batch_with_one_forged_item():
    good = json.loads(signed_body(KEY, item("1")))["notificationItems"]
    forged = json.loads(signed_body(OTHER_KEY, item("2")))["notificationItems"]
    body = json.dumps({"live": "false", "notificationItems": good + forged}).encode()

    with pytest.raises(SignatureError) as refused:
        verify("adyen", signed_request({}, body), [KEY], {}, 0)
    assert refused.value.reason == "wrong_signature"


def test_it_accepts_a_batch_where_every_item_verifies():
    body = signed_body(KEY, item("1"), item("2", "CAPTURE"))
    event = verify("adyen", signed_request({}, body), [KEY], {}, 0)

    assert (event.external_id, event.event_type) == (None, "")


def test_it_refuses_an_item_without_a_signature():
    body = json.dumps({"notificationItems": [{"NotificationRequestItem": item()}]}).encode()
    with pytest.raises(SignatureError) as refused:
        verify("adyen", signed_request({}, body), [KEY], {}, 0)
    assert refused.value.reason == "invalid_body"
