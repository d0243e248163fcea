"""Slack: ``X-Slack-Signature: v0=<hex>``, HMAC-SHA256 of "v0:<timestamp>:<body>".

https://docs.slack.dev/authentication/verifying-requests-from-slack/
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
    check_timestamp,
    header,
    secret_keys,
    str_or_none,
)

SIGNATURE_HEADERS: tuple[str, ...] = ("x-slack-signature",)
SIGNS_TIMESTAMP = True


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    keys = secret_keys(secrets)
    timestamp = header(request, "X-Slack-Request-Timestamp")
    signature = header(request, "X-Slack-Signature").encode()
    check_timestamp(timestamp, now)

    signed = b"v0:" + timestamp.encode() + b":" + request.body
    expected = [b"v0=" + hmac.new(key, signed, hashlib.sha256).hexdigest().encode() for key in keys]
    if not any_matches(expected, [signature]):
        raise SignatureError("X-Slack-Signature does not match")

    # Slash commands and interactivity are signed the same way but arrive form-encoded;
    # they carry no event id, so they are accepted with an unknown type.
    payload = request.payload
    if not isinstance(payload, dict):
        return Event(external_id=None, event_type="")
    if payload.get("type") == "url_verification":
        challenge = str_or_none(payload.get("challenge"))
        if challenge is None:
            raise SignatureError("Slack url_verification has no challenge", reason="invalid_body")
        return Event(external_id=None, event_type="url_verification", challenge=challenge)
    inner = payload.get("event")
    event_type = str_or_none(inner.get("type")) if isinstance(inner, dict) else None
    return Event(
        external_id=str_or_none(payload.get("event_id")),
        event_type=event_type or str_or_none(payload.get("type")) or "",
    )
