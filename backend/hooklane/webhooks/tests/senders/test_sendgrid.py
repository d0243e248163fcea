"""SendGrid: requests signed with an ECDSA P-256 key, checked against sendgrid's EventWebhook."""

import base64
import json
import time

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sendgrid.helpers.eventwebhook import EventWebhook

from hooklane.webhooks.schemes import SignatureError, verify
from hooklane.webhooks.tests.conformance import assert_sender_conforms, signed_request


def _public(private: ec.EllipticCurvePrivateKey) -> str:
    der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode()


PRIVATE = ec.derive_private_key(0x5E4D6A11, ec.SECP256R1())
OTHER = ec.derive_private_key(0x0DDBA11, ec.SECP256R1())
PUBLIC_KEY, OTHER_KEY = _public(PRIVATE), _public(OTHER)
_SIGNERS = {PUBLIC_KEY: PRIVATE, OTHER_KEY: OTHER}

BODY = json.dumps(
    [{"email": "zoë@example.com", "event": "delivered", "sg_event_id": "sg-1", "timestamp": 1}],
    ensure_ascii=False,
).encode()


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    timestamp = str(int(now))
    signature = _SIGNERS[secret].sign(timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    return {
        "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(signature).decode(),
        "X-Twilio-Email-Event-Webhook-Timestamp": timestamp,
    }


def test_it_conforms():
    assert_sender_conforms(
        "sendgrid",
        sign=sign,
        body=BODY,
        secret=PUBLIC_KEY,
        rotation=True,
        expect_id="sg-1",
        expect_type="delivered",
    )


def test_it_signs_as_sendgrids_own_event_webhook_helper_verifies():
    headers = sign(BODY, PUBLIC_KEY, time.time(), "")
    helper = EventWebhook(PUBLIC_KEY)

    assert helper.verify_signature(
        BODY.decode(),
        headers["X-Twilio-Email-Event-Webhook-Signature"],
        headers["X-Twilio-Email-Event-Webhook-Timestamp"],
    )


def test_it_accepts_the_key_pasted_as_pem():
    pem = PRIVATE.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    request = signed_request(sign(BODY, PUBLIC_KEY, time.time(), ""), BODY)

    assert verify("sendgrid", request, [pem.decode()], {}, time.time()).external_id == "sg-1"


def test_it_has_no_single_id_for_a_batch_of_events():
    body = json.dumps(
        [{"event": "open", "sg_event_id": "a"}, {"event": "click", "sg_event_id": "b"}]
    ).encode()
    request = signed_request(sign(body, PUBLIC_KEY, time.time(), ""), body)
    event = verify("sendgrid", request, [PUBLIC_KEY], {}, time.time())

    assert (event.external_id, event.event_type) == (None, "")


def test_it_refuses_a_key_that_is_not_an_ecdsa_public_key():
    request = signed_request(sign(BODY, PUBLIC_KEY, time.time(), ""), BODY)
    with pytest.raises(SignatureError) as refused:
        verify("sendgrid", request, ["bm90IGEga2V5"], {}, time.time())
    assert refused.value.reason == "wrong_signature"
    assert "not a base64 ECDSA key" in str(refused.value)
