"""Resend: Svix headers, signed by the svix library and verified by the resend SDK too."""

import time

import resend

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.tests.conformance import URL, assert_sender_conforms, signed_request

from .recipe_support import WHSEC, standard_webhooks_signer

MSG_ID = "msg_2ZhBMi2ltL3KwArYyjR4Wl3nQsU"
BODY = (
    b'{"type": "email.delivered", "created_at": "2026-12-02T13:00:00.000Z", '
    b'"data": {"email_id": "56761188-7520-42d8-8898-ff6fc54ce618"}}'
)
sign = standard_webhooks_signer(MSG_ID, prefix="svix-")


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "resend",
        sign=sign,
        body=BODY,
        secret=WHSEC,
        rotation=True,
        expect_id=MSG_ID,
        expect_type="email.delivered",
    )


def test_it_accepts_exactly_what_the_resend_sdk_accepts():
    now = time.time()
    headers = sign(BODY, WHSEC, now, URL)
    resend_headers = {
        "id": headers["svix-id"],
        "timestamp": headers["svix-timestamp"],
        "signature": headers["svix-signature"],
    }

    resend.Webhooks.verify(
        {"payload": BODY.decode(), "headers": resend_headers, "webhook_secret": WHSEC}
    )
    event = verify("resend", signed_request(headers, BODY), [WHSEC], {}, now)

    assert (event.external_id, event.event_type) == (MSG_ID, "email.delivered")
