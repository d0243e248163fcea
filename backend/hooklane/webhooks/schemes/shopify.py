"""Shopify: ``X-Shopify-Hmac-Sha256: <base64>``, HMAC-SHA256 of the body.

https://shopify.dev/docs/apps/build/webhooks/subscribe/https
"""

import base64
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from typing import Any

from . import (
    Event,
    SignatureError,
    SignedRequest,
    any_matches,
    header,
    optional_header,
    secret_keys,
)

SIGNATURE_HEADERS: tuple[str, ...] = ("x-shopify-hmac-sha256",)
SIGNS_TIMESTAMP = False


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    keys = secret_keys(secrets)
    signature = header(request, "X-Shopify-Hmac-Sha256").encode()
    # Shopify's recipe compares the base64 text itself, so no decoding of hostile input.
    expected = [
        base64.b64encode(hmac.new(key, request.body, hashlib.sha256).digest()) for key in keys
    ]
    if not any_matches(expected, [signature]):
        raise SignatureError("X-Shopify-Hmac-Sha256 does not match")

    # X-Shopify-Webhook-Id stays the same across retries of one delivery, which is what dedup
    # needs; X-Shopify-Event-Id can be shared by several deliveries, so it is only a fallback.
    return Event(
        external_id=optional_header(request, "X-Shopify-Webhook-Id")
        or optional_header(request, "X-Shopify-Event-Id"),
        event_type=optional_header(request, "X-Shopify-Topic") or "",
    )
