"""Discord: requests signed with PyNaCl, as discord-interactions' own verify_key checks them."""

import json
import time

import nacl.signing
import pytest

from hooklane.webhooks.schemes import SignatureError, verify
from hooklane.webhooks.tests.conformance import assert_sender_conforms, signed_request

SIGNING_KEY = nacl.signing.SigningKey(b"d" * 32)
PUBLIC_KEY = SIGNING_KEY.verify_key.encode().hex()
OTHER_KEY = nacl.signing.SigningKey(b"e" * 32)
# The private key behind each public key the tests configure.
_SIGNERS = {PUBLIC_KEY: SIGNING_KEY, OTHER_KEY.verify_key.encode().hex(): OTHER_KEY}


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    timestamp = str(int(now))
    signed = _SIGNERS[secret].sign(timestamp.encode() + body)
    return {"X-Signature-Ed25519": signed.signature.hex(), "X-Signature-Timestamp": timestamp}


def _verify(body: bytes, headers: dict[str, str], secrets=(PUBLIC_KEY,)):
    return verify(
        "discord",
        signed_request(headers, body),
        list(secrets),
        {},
        time.time(),
    )


def test_it_conforms_for_an_application_command():
    body = json.dumps({"id": "1122", "type": 2, "data": {"name": "ping"}}).encode()
    assert_sender_conforms(
        "discord",
        sign=sign,
        body=body,
        secret=PUBLIC_KEY,
        rotation=True,
        expect_id="1122",
        expect_type="APPLICATION_COMMAND",
    )


def test_it_answers_the_interactions_ping_with_a_pong():
    body = b'{"id":"9","application_id":"42","type":1,"version":1}'
    event = _verify(body, sign(body, PUBLIC_KEY, time.time(), ""))

    assert event.handshake is not None
    assert event.handshake.status == 200
    assert json.loads(event.handshake.body) == {"type": 1}
    assert event.handshake.content_type == "application/json"


def test_it_answers_the_webhook_events_ping_with_204():
    body = b'{"version":1,"application_id":"42","type":0}'
    event = _verify(body, sign(body, PUBLIC_KEY, time.time(), ""))

    assert event.handshake is not None and event.handshake.status == 204
    assert event.handshake.body == b""


def test_it_takes_the_type_of_a_webhook_event_from_the_event():
    body = json.dumps(
        {
            "version": 1,
            "application_id": "42",
            "type": 1,
            "event": {"type": "APPLICATION_AUTHORIZED", "timestamp": "2024-10-18T14:42:53.064834"},
        }
    ).encode()
    event = _verify(body, sign(body, PUBLIC_KEY, time.time(), ""))

    assert event.event_type == "APPLICATION_AUTHORIZED" and event.handshake is None


def test_it_refuses_a_ping_with_a_bad_signature_as_discord_probes_it():
    body = b'{"type":1}'
    headers = sign(body, OTHER_KEY.verify_key.encode().hex(), time.time(), "")

    with pytest.raises(SignatureError) as refused:
        _verify(body, headers)
    assert refused.value.reason == "wrong_signature"


def test_it_refuses_a_configured_key_that_is_not_a_public_key():
    body = b'{"type":1}'
    with pytest.raises(SignatureError) as refused:
        _verify(body, sign(body, PUBLIC_KEY, time.time(), ""), secrets=["not-hex"])
    assert refused.value.reason == "wrong_signature"
    assert "not 64 hex digits" in str(refused.value)
