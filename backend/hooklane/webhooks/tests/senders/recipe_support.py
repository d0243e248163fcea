"""Shared by the recipe senders' tests: Standard Webhooks signers made by the libraries."""

import base64
from datetime import UTC, datetime

import standardwebhooks
import svix.webhooks

WHSEC = "whsec_" + base64.b64encode(b"recipe-sender-key-0123456789abcd").decode()


def standard_webhooks_signer(msg_id: str, *, prefix: str = "webhook-", encode_secret=None):
    """sign() for the harness, signing with the standardwebhooks (or, for svix-* headers,
    the svix) library itself; `encode_secret` turns a sender's secret into the library's."""
    library = svix.webhooks.Webhook if prefix == "svix-" else standardwebhooks.Webhook

    def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
        at = datetime.fromtimestamp(int(now), tz=UTC)
        key = encode_secret(secret) if encode_secret else secret
        return {
            f"{prefix}id": msg_id,
            f"{prefix}timestamp": str(int(now)),
            f"{prefix}signature": library(key).sign(msg_id, at, body.decode()),
        }

    return sign
