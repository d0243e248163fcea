"""Stripe: ``Stripe-Signature: t=<unix>,v1=<hex>``, HMAC-SHA256 of "<t>.<body>".

https://docs.stripe.com/webhooks#verify-manually
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

SIGNATURE_HEADERS: tuple[str, ...] = ("stripe-signature",)
SIGNS_TIMESTAMP = True


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    keys = secret_keys(secrets)
    timestamps, signatures = [], []
    # Parsed like Stripe's own library: items are not trimmed, the first "t" wins, and v0
    # (test-mode legacy) or any future scheme name is ignored. While a secret is being
    # rolled, Stripe sends one v1 per valid secret.
    for item in header(request, "Stripe-Signature").split(","):
        name, _, value = item.partition("=")
        if name == "t":
            timestamps.append(value)
        elif name == "v1":
            signatures.append(value.encode())
    if not timestamps:
        raise SignatureError("Stripe-Signature has no timestamp", reason="malformed")
    if not signatures:
        raise SignatureError("Stripe-Signature has no v1 signature", reason="malformed")
    timestamp = check_timestamp(timestamps[0], now)

    signed = b"%d." % timestamp + request.body
    expected = [hmac.new(key, signed, hashlib.sha256).hexdigest().encode() for key in keys]
    if not any_matches(expected, signatures):
        raise SignatureError("no Stripe-Signature v1 signature matches")

    payload = request.payload
    if not isinstance(payload, dict):
        raise SignatureError("Stripe payload is not a JSON object", reason="invalid_body")
    return Event(
        external_id=str_or_none(payload.get("id")),
        event_type=str_or_none(payload.get("type")) or "",
    )
