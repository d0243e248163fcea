"""Okta: the configured Authorization value, and the one-time verification GET challenge."""

import json

import pytest

from hooklane.webhooks.schemes import SignatureError, verify
from hooklane.webhooks.schemes.okta import SENDER
from hooklane.webhooks.tests.conformance import assert_sender_conforms, signed_request

SECRET = "okta-hook-authorization-value"
BODY = json.dumps(
    {
        "eventType": "com.okta.event_hook",
        "eventId": "b5a188b9-5ece-4636-b041-482ffda96311",
        "data": {"events": [{"uuid": "1", "eventType": "user.session.start"}]},
    }
).encode()


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {"Authorization": secret}


def test_it_conforms():
    assert_sender_conforms(
        "okta",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="b5a188b9-5ece-4636-b041-482ffda96311",
        expect_type="user.session.start",
    )


def test_it_answers_the_verification_challenge_as_okta_documents():
    headers = {"Authorization": SECRET, "X-Okta-Verification-Challenge": "R1HFJ8r5gVj2Lx"}
    request = signed_request(headers, b"", method="GET")
    event = verify("okta", request, [SECRET], {}, 0)

    assert SENDER.accepts_get
    assert event.handshake is not None and event.handshake.status == 200
    assert event.handshake.content_type == "application/json"
    assert json.loads(event.handshake.body) == {"verification": "R1HFJ8r5gVj2Lx"}


def test_it_does_not_answer_a_challenge_without_the_authorization_value():
    headers = {"Authorization": "guess", "X-Okta-Verification-Challenge": "x"}
    with pytest.raises(SignatureError) as refused:
        verify("okta", signed_request(headers, b"", method="GET"), [SECRET], {}, 0)
    assert refused.value.reason == "wrong_signature"


def test_it_refuses_a_get_that_is_not_a_challenge():
    request = signed_request({"Authorization": SECRET}, b"", method="GET")
    with pytest.raises(SignatureError) as refused:
        verify("okta", request, [SECRET], {}, 0)
    assert refused.value.reason == "missing_header"
