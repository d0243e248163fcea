"""Standard Webhooks and Svix: ``webhook-signature: v1,<base64> ...`` (or ``svix-*`` headers).

HMAC-SHA256 of "<id>.<timestamp>.<body>" under the base64-decoded secret (``whsec_`` optional).
https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
https://docs.svix.com/receiving/verifying-payloads/how-manual
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
    check_timestamp,
    header,
    str_or_none,
)

WHSEC_PREFIX = "whsec_"


def decode_secret(secret: str) -> bytes:
    """The HMAC key: the base64 text after an optional ``whsec_`` prefix.

    The standardwebhooks and svix libraries base64-decode a secret whether or not it has
    the prefix, so a bare secret is decoded too. They also drop characters outside the
    alphabet; here such a secret is refused instead (the providers API refuses it first).
    """
    encoded = secret.removeprefix(WHSEC_PREFIX)
    try:
        # Some senders strip the base64 padding; the reference libraries put it back too.
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except ValueError:
        raise SignatureError("signing secret is not valid base64", reason="misconfigured") from None
    if not key:
        raise SignatureError("signing secret is empty", reason="misconfigured")
    return key


SIGNATURE_HEADERS: tuple[str, ...] = ("webhook-signature", "svix-signature")
SIGNS_TIMESTAMP = True


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    keys = [decode_secret(secret) for secret in secrets if isinstance(secret, str) and secret]
    if not keys:
        raise SignatureError("no signing secret configured", reason="misconfigured")
    # Svix, where the spec comes from, still sends its own svix-* header names.
    prefix = "webhook-" if "webhook-signature" in request.headers else "svix-"
    msg_id = header(request, prefix + "id")
    timestamp = header(request, prefix + "timestamp")
    signatures = header(request, prefix + "signature")
    check_timestamp(timestamp, now)

    signed = f"{msg_id}.{timestamp}.".encode() + request.body
    expected = [base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()) for key in keys]
    # Entries are space-separated "<version>,<base64>"; v1a (asymmetric) and future versions
    # are skipped, and rotation shows up as several v1 entries.
    candidates = []
    for entry in signatures.split(" "):
        version, _, signature = entry.partition(",")
        if version == "v1":
            candidates.append(signature.encode())
    if not any_matches(expected, candidates):
        raise SignatureError(f"no {prefix}signature matches")

    payload = request.payload
    event_type = str_or_none(payload.get("type")) if isinstance(payload, dict) else None
    return Event(external_id=msg_id, event_type=event_type or "")
