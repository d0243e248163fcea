"""Standard Webhooks signatures on what Hooklane forwards (https://www.standardwebhooks.com/)."""

import base64
import hashlib
import hmac

from .db_models.destination_model import SECRET_PREFIX


def secret_bytes(secret: str) -> bytes:
    raw = secret.removeprefix(SECRET_PREFIX)
    return base64.b64decode(raw + "=" * (-len(raw) % 4))


def sign(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64 HMAC-SHA256>` over `{msg_id}.{timestamp}.{body}`."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_headers(
    *, secrets: list[str], msg_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    """The three webhook-* headers; one signature per secret, space-separated, so receivers
    still on the previous secret keep verifying during a rotation."""
    signatures = " ".join(
        sign(secret=secret, msg_id=msg_id, timestamp=timestamp, body=body) for secret in secrets
    )
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signatures,
    }
