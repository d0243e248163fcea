"""Standard Webhooks signatures (https://www.standardwebhooks.com/): what the local receiver
verifies with the listen session's `whsec_` secret, like a Hooklane destination's."""

import base64
import hashlib
import hmac


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()
