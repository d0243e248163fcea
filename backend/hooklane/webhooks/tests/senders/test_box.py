"""Box: base64 HMAC-SHA256 of body + delivery timestamp; signed by the documented recipe (the
box-sdk-gen validator needs the same inputs)."""

import base64
import hashlib
import hmac
from datetime import UTC, datetime

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "box-primary-signature-key-8k"
BODY = (
    b'{"type": "webhook_event", "id": "eb0c4e06-751f-442c-86f8-fd5bb404dbec", '
    b'"trigger": "FILE.UPLOADED", "source": {"id": "1", "type": "file"}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    digest = hmac.new(secret.encode(), body + stamp.encode(), hashlib.sha256).digest()
    return {
        "BOX-SIGNATURE-PRIMARY": base64.b64encode(digest).decode(),
        "BOX-DELIVERY-TIMESTAMP": stamp,
        "BOX-DELIVERY-ID": "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f",
    }


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "box",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f",
        expect_type="FILE.UPLOADED",
    )
