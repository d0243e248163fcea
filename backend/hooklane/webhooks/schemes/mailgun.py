"""Mailgun: the signature is inside the body, HMAC-SHA256(key, timestamp + token) in hex.

https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks
"""

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from typing import Any

from . import (
    Event,
    Sender,
    SignatureError,
    SignedRequest,
    any_matches,
    check_timestamp,
    secret_keys,
    str_or_none,
)


def _signature_fields(request: SignedRequest) -> dict[str, Any]:
    """{"timestamp", "token", "signature"}: the JSON body's "signature" object for webhooks,
    the form fields of the same names for inbound routes (which post forms)."""
    if request.form is not None:
        return {
            name: (request.form.get(name) or [None])[0]
            for name in ("timestamp", "token", "signature")
        }
    if isinstance(request.payload, dict):
        fields = request.payload.get("signature")
        if not isinstance(fields, dict):
            raise SignatureError("Mailgun body has no signature object", reason="invalid_body")
        return fields
    raise SignatureError("Mailgun body is neither JSON nor a form", reason="invalid_body")


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    keys = secret_keys(secrets)
    fields = _signature_fields(request)
    timestamp, token, signature = (fields.get(name) for name in ("timestamp", "token", "signature"))
    if not all(isinstance(value, str) and value for value in (timestamp, token, signature)):
        raise SignatureError(
            "Mailgun signature needs timestamp, token and signature", reason="invalid_body"
        )
    check_timestamp(timestamp, now)

    signed = (timestamp + token).encode()
    expected = [hmac.new(key, signed, hashlib.sha256).hexdigest().encode() for key in keys]
    if not any_matches(expected, [signature.lower().encode()]):
        raise SignatureError("Mailgun signature does not match")

    payload = request.payload if request.form is None else None
    data = payload.get("event-data") if isinstance(payload, dict) else None
    data = data if isinstance(data, dict) else {}
    return Event(
        external_id=str_or_none(data.get("id")),
        event_type=str_or_none(data.get("event")) or "",
    )


SENDER = Sender(
    name="mailgun",
    label="Mailgun",
    family="per_item",
    docs_url="https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks",
    setup=(
        "Paste the HTTP webhook signing key (Sending → Webhooks → Webhook signing key, not the "
        "API key) as the secret and add the Hooklane URL to the events you want. The signature "
        "covers the timestamp and token only, not the event data."
    ),
    verifier=verify,
    signs_timestamp=True,
    credential_name="HTTP webhook signing key",
)
