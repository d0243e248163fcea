"""Paddle: signed with paddle-python-sdk's own HMAC and verified by its Verifier too."""

import time

import pytest
from paddle_billing.Notifications import Secret, Verifier
from paddle_billing.Notifications.PaddleSignature import PaddleSignature

from hooklane.webhooks.schemes import SignatureError, verify
from hooklane.webhooks.tests.conformance import NOW, URL, assert_sender_conforms, signed_request

SECRET = "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI5vEI"
PREVIOUS = "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_previousSecretOfTheDestination0"
BODY = (
    b'{"event_id": "evt_01hv8wptq8987qeep44cyrewp9", "event_type": "transaction.completed", '
    b'"occurred_at": "2026-12-02T13:00:00.000Z", "notification_id": "ntf_01hv8wpts6", '
    b'"data": {"id": "txn_01hv8wnbfw"}}'
)


def h1(body: bytes, secret: str, ts: int) -> str:
    return PaddleSignature.calculate_hmac(secret, f"{ts}:{body.decode()}".encode()).hexdigest()


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    ts = int(now)
    return {"Paddle-Signature": f"ts={ts};h1={h1(body, secret, ts)}"}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "paddle",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="evt_01hv8wptq8987qeep44cyrewp9",
        expect_type="transaction.completed",
    )


class _SdkRequest:
    """The shape paddle_billing's Verifier reads: headers and a raw body."""

    def __init__(self, headers: dict[str, str], body: bytes) -> None:
        self.headers = headers
        self.body = body


def test_it_accepts_exactly_what_the_paddle_sdk_verifies():
    now = time.time()
    headers = sign(BODY, SECRET, now, URL)

    assert Verifier().verify(_SdkRequest(headers, BODY), Secret(SECRET)) is True
    event = verify("paddle", signed_request(headers, BODY), [SECRET], {}, now)

    assert event.event_type == "transaction.completed"


def test_it_accepts_a_header_with_one_h1_per_secret_during_a_rotation():
    headers = {
        "Paddle-Signature": f"ts={NOW};h1={h1(BODY, PREVIOUS, NOW)};h1={h1(BODY, SECRET, NOW)}"
    }

    assert verify("paddle", signed_request(headers, BODY), [SECRET], {}, NOW).external_id


def test_it_allows_the_five_seconds_of_drift_paddles_sdk_allows_and_no_more():
    headers = sign(BODY, SECRET, NOW, URL)

    verify("paddle", signed_request(headers, BODY), [SECRET], {}, NOW + 5)
    with pytest.raises(SignatureError) as refused:
        verify("paddle", signed_request(headers, BODY), [SECRET], {}, NOW + 6)
    assert refused.value.reason == "stale_timestamp"
