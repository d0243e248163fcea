"""Postmark: HTTP basic auth in the webhook URL (Postmark does not sign its webhooks).

https://postmarkapp.com/developer/webhooks/webhooks-overview#protecting-your-webhook
"""

import base64
import binascii
from collections.abc import Mapping, Sequence
from typing import Any

from . import (
    Event,
    Sender,
    SignatureError,
    SignedRequest,
    any_matches,
    header,
    secret_keys,
    str_or_none,
)


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    keys = secret_keys(secrets)  # each is "user:password"
    scheme, _, encoded = header(request, "Authorization").partition(" ")
    if scheme.lower() != "basic":
        raise SignatureError("Authorization is not basic auth", reason="malformed_header")
    try:
        credentials = base64.b64decode(encoded.strip(), validate=True)
    except (ValueError, binascii.Error):
        raise SignatureError("Authorization is not base64", reason="malformed_header") from None
    if b":" not in credentials:
        raise SignatureError("Authorization has no user:password", reason="malformed_header")
    if not any_matches(keys, [credentials]):
        raise SignatureError("the basic auth user and password do not match")

    payload = request.payload if isinstance(request.payload, dict) else {}
    record_type = str_or_none(payload.get("RecordType")) or ""
    # Only bounces have an id of their own; opens and clicks of one message share MessageID.
    bounce_id = payload.get("ID") if record_type == "Bounce" else None
    return Event(
        external_id=str(bounce_id) if isinstance(bounce_id, int | str) else None,
        event_type=record_type,
    )


SENDER = Sender(
    name="postmark",
    label="Postmark",
    family="basic_auth",
    docs_url="https://postmarkapp.com/developer/webhooks/webhooks-overview",
    setup=(
        "Choose a user and password, paste them as the secret in the form user:password and "
        "give Postmark the Hooklane URL with them in it: https://user:password@host/in/<key>. "
        "Postmark does not sign webhooks, so requests are authenticated, not signed."
    ),
    verifier=verify,
    signature_headers=("authorization",),
    credential_name="Basic auth (user:password)",
)
