"""Calendly: ``t=…,v1=…`` over ``t.body``. Calendly publishes no Python SDK; signed by its
documented recipe (the same t.body construction as its Node example)."""

import hashlib
import hmac

import pytest

from hooklane.webhooks.schemes import SignatureError, verify
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, signed_request

SECRET = "calendly-signing-key-3f9a0c"
BODY = (
    b'{"created_at": "2023-11-14T18:45:52.000000Z", "event": "invitee.created", '
    b'"payload": {"uri": "https://api.calendly.com/scheduled_events/E1/invitees/I1"}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    t = str(int(now))
    digest = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return {"Calendly-Webhook-Signature": f"t={t},v1={digest}"}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "calendly",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=None,
        expect_type="invitee.created",
    )


def test_it_allows_three_minutes_of_drift_and_no_more():
    headers = sign(BODY, SECRET, NOW, "")

    verify("calendly", signed_request(headers, BODY), [SECRET], {}, NOW + 180)
    with pytest.raises(SignatureError) as refused:
        verify("calendly", signed_request(headers, BODY), [SECRET], {}, NOW + 181)
    assert refused.value.reason == "stale_timestamp"
