"""PagerDuty V3: ``v1=<hex>`` items over the body. PagerDuty's verifier is Go
(go-pagerduty/webhookv3), none on PyPI; signed by the documented recipe."""

import hashlib
import hmac

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, signed_request

SECRET = "pagerduty-v3-signing-secret-9ab3"
BODY = (
    b'{"event": {"id": "01DEN4HPBQAKSGUPVXXKUJ1NTE", '
    b'"event_type": "incident.triggered", "resource_type": "incident", '
    b'"data": {"id": "PGR0VU2"}}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-PagerDuty-Signature": f"v1={signature}"}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "pagerduty",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="01DEN4HPBQAKSGUPVXXKUJ1NTE",
        expect_type="incident.triggered",
    )


def test_it_accepts_any_of_the_signatures_pagerduty_sends_while_a_secret_rotates():

    old = hmac.new(b"the-old-secret", BODY, hashlib.sha256).hexdigest()
    new = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    headers = {"X-PagerDuty-Signature": f"v1={old},v1={new}"}

    event = verify("pagerduty", signed_request(headers, BODY), [SECRET], {}, NOW)

    assert event.event_type == "incident.triggered"
