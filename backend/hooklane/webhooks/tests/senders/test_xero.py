"""Xero: base64 HMAC-SHA256 of the body. xero-python has no webhook helper; signed by the
documented recipe."""

import base64
import hashlib
import hmac

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, refusal, signed_request

SECRET = "OSd0eLlVIY9ZhViEqlDUh4+6n6M+Lo+eDaEJheJ6OCCgWwIz2D3JIAU6jPMipHRbgKTLz2uJ+xiACXGDBLrgdA=="
BODY = (
    b'{"events": [{"resourceId": "f3b0c3a1", "eventCategory": "INVOICE", '
    b'"eventType": "UPDATE", "tenantId": "t1"}], "firstEventSequence": 1, '
    b'"lastEventSequence": 1, "entropy": "S0m3r4Nd0mt3xt"}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return {"x-xero-signature": base64.b64encode(digest).decode()}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "xero",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=None,
        expect_type="",
    )


ITR = (
    b'{"events": [], "firstEventSequence": 0, "lastEventSequence": 0, '
    b'"entropy": "YSXCMKAQBJOEMGUZEPFZ"}'
)


def test_it_answers_a_signed_intent_to_receive_with_200_and_stores_no_event():

    event = verify("xero", signed_request(sign(ITR, SECRET, NOW, ""), ITR), [SECRET], {}, NOW)

    assert event.handshake is not None
    assert event.handshake.status == 200


def test_it_refuses_a_badly_signed_intent_to_receive():

    headers = sign(ITR, "not-the-webhooks-key", 0, "")

    assert refusal("xero", signed_request(headers, ITR), [SECRET]) == "wrong_signature"
