"""Discord: Ed25519 over "<X-Signature-Timestamp><body>", checked with the application's public key.

https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
"""

import binascii
from collections.abc import Mapping, Sequence
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import (
    Event,
    Handshake,
    Sender,
    SignatureError,
    SignedRequest,
    check_timestamp,
    header,
    secret_keys,
    str_or_none,
)

# Interaction types, named as Discord's documentation names them.
_INTERACTION_TYPES = {
    1: "PING",
    2: "APPLICATION_COMMAND",
    3: "MESSAGE_COMPONENT",
    4: "APPLICATION_COMMAND_AUTOCOMPLETE",
    5: "MODAL_SUBMIT",
}
_PONG = Handshake(body=b'{"type":1}', content_type="application/json")
# Webhook events (as opposed to interactions) are probed with {"type": 0} and expect 204.
_WEBHOOK_EVENT_PING = Handshake(status=204)


def public_keys(secrets: Sequence[str]) -> list[Ed25519PublicKey]:
    """The configured public keys (64 hex digits each, as the Developer Portal shows them)."""
    keys = []
    for secret in secret_keys(secrets):
        try:
            keys.append(Ed25519PublicKey.from_public_bytes(binascii.unhexlify(secret.strip())))
        except (ValueError, binascii.Error):
            continue
    if not keys:
        # Reported as a wrong signature (nothing can verify), the message says why.
        raise SignatureError("the configured Discord public key is not 64 hex digits")
    return keys


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    keys = public_keys(secrets)
    signature_hex = header(request, "X-Signature-Ed25519")
    timestamp = header(request, "X-Signature-Timestamp")
    try:
        signature = binascii.unhexlify(signature_hex)
    except (ValueError, binascii.Error):
        raise SignatureError("X-Signature-Ed25519 is not hex", reason="malformed_header") from None
    if len(signature) != 64:
        raise SignatureError("X-Signature-Ed25519 is not 64 bytes", reason="malformed_header")
    check_timestamp(timestamp, now)

    # Signed: the timestamp exactly as received, then the raw body.
    message = timestamp.encode() + request.body
    if not _any_verifies(keys, signature, message):
        # Discord probes endpoints with bad signatures and expects 401, which ingest answers.
        raise SignatureError("X-Signature-Ed25519 does not verify")

    payload = request.payload
    if not isinstance(payload, dict):
        raise SignatureError("Discord payload is not a JSON object", reason="invalid_body")
    kind = payload.get("type")
    if "event" in payload or kind == 0:
        # Webhook events: {"version": 1, "application_id", "type": 0 | 1, "event": {...}}.
        if kind == 0:
            return Event(external_id=None, event_type="PING", handshake=_WEBHOOK_EVENT_PING)
        event = payload.get("event") if isinstance(payload.get("event"), dict) else {}
        return Event(external_id=None, event_type=str_or_none(event.get("type")) or "")
    if kind == 1:
        return Event(external_id=str_or_none(payload.get("id")), event_type="PING", handshake=_PONG)
    event_type = _INTERACTION_TYPES.get(kind, "") if isinstance(kind, int) else ""
    return Event(external_id=str_or_none(payload.get("id")), event_type=event_type)


def _any_verifies(keys: list[Ed25519PublicKey], signature: bytes, message: bytes) -> bool:
    verified = False
    for key in keys:  # every key is tried, so timing does not say which one matched
        try:
            key.verify(signature, message)
            verified = True
        except InvalidSignature:
            pass
    return verified


SENDER = Sender(
    name="discord",
    label="Discord",
    family="ed25519",
    docs_url="https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint",
    setup=(
        "Paste the application's Public Key (Developer Portal → General Information) as the "
        "secret, then set the Hooklane URL as the Interactions Endpoint URL (or the Webhook "
        "Events URL). Discord probes it with a PING, which Hooklane answers, and with bad "
        "signatures, which get 401."
    ),
    verifier=verify,
    signature_headers=("x-signature-ed25519", "x-signature-timestamp"),
    signs_timestamp=True,
    credential_name="Public key",
)
