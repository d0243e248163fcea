"""Intercom: ``X-Hub-Signature: sha1=<hex>``; signed by Intercom's documented recipe."""

import hashlib
import hmac

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "7a4c6b0e-1f2d-4e3c-9b8a-5d6e7f8a9b0c"
BODY = (
    b'{"type": "notification_event", "id": "notif_ccd8a4d2-c0a1-4e8f-8e3a-0e7f3b0a1c2d", '
    b'"topic": "conversation.user.created", "data": {"item": {"type": "conversation"}}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
    return {"X-Hub-Signature": f"sha1={digest}"}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "intercom",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="notif_ccd8a4d2-c0a1-4e8f-8e3a-0e7f3b0a1c2d",
        expect_type="conversation.user.created",
    )
