"""GitHub: ``X-Hub-Signature-256: sha256=<hex>``, HMAC-SHA256 of the body.

https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
"""

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

SIGNATURE_HEADERS: tuple[str, ...] = ("x-hub-signature-256", "x-hub-signature")
SIGNS_TIMESTAMP = False


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    keys = secret_keys(secrets)
    # The older X-Hub-Signature (SHA-1) is deliberately not accepted: GitHub sends both.
    signature = header(request, "X-Hub-Signature-256").encode()
    expected = [
        b"sha256=" + hmac.new(key, request.body, hashlib.sha256).hexdigest().encode()
        for key in keys
    ]
    if not any_matches(expected, [signature]):
        raise SignatureError("X-Hub-Signature-256 does not match")

    # The event header names only the family ("issues"); the action says what happened.
    event_type = optional_header(request, "X-GitHub-Event") or ""
    action = request.payload.get("action") if isinstance(request.payload, dict) else None
    if event_type and isinstance(action, str) and action:
        event_type = f"{event_type}.{action}"
    return Event(
        external_id=optional_header(request, "X-GitHub-Delivery"),
        event_type=event_type,
    )
