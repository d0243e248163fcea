"""WorkOS: ``t=<ms>, v1=<hex>`` over ``t.body``; signed by the documented recipe (the same
computation as the workos SDKs' compute_signature)."""

import hashlib
import hmac

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "workos-webhook-secret-7Hk2"
BODY = (
    b'{"id": "event_01FAEAJCR3ZBZ30D8BD1924TVG", "event": "dsync.user.created", '
    b'"data": {"id": "directory_user_01FAEAJCR3ZBZ30D8BD1924TVG"}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    t = str(int(now * 1000))
    digest = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return {"WorkOS-Signature": f"t={t}, v1={digest}"}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "workos",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="event_01FAEAJCR3ZBZ30D8BD1924TVG",
        expect_type="dsync.user.created",
    )
