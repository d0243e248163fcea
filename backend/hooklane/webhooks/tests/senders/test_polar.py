"""Polar: Standard Webhooks keyed by the secret's text, verified by the polar-sdk too."""

import base64
import time

from polar.webhooks import validate_event

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.tests.conformance import URL, assert_sender_conforms, signed_request

from .recipe_support import standard_webhooks_signer

SECRET = "polar_whs_Xq4tGkE9pW2vN7rJ3hL8sD1fB6yC0aZ5"
MSG_ID = "msg_2tWfxXf6b4yqUQeY6Cg9xGNxqJR"
BODY = b'{"type": "order.paid", "timestamp": "2026-12-02T13:00:00Z", "data": {"id": "ord_1"}}'
# What Polar's SDK did before verifying: hand the secret's base64 to a Standard Webhooks library.
sign = standard_webhooks_signer(
    MSG_ID, encode_secret=lambda secret: base64.b64encode(secret.encode()).decode()
)


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "polar",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=MSG_ID,
        expect_type="order.paid",
    )


def test_it_accepts_exactly_what_the_polar_sdk_accepts():
    now = time.time()
    headers = sign(BODY, SECRET, now, URL)

    payload = validate_event(BODY, headers, SECRET, frozenset({"order.paid"}), lambda data: data)
    event = verify("polar", signed_request(headers, BODY), [SECRET], {}, now)

    assert payload["type"] == event.event_type == "order.paid"
