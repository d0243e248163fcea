"""Adyen: HMAC-SHA256 (base64) of each NotificationRequestItem's colon-joined fields, key in hex.

https://docs.adyen.com/development-resources/webhooks/secure-webhooks/verify-hmac-signatures
"""

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from typing import Any

from . import Event, Sender, SignatureError, SignedRequest, any_matches, secret_keys, str_or_none

# The signed fields, in order, joined with ":" (Adyen's util.generate_notification_sig).
_SIGNED_FIELDS = (
    "pspReference",
    "originalReference",
    "merchantAccountCode",
    "merchantReference",
    "value",
    "currency",
    "eventCode",
    "success",
)


def hmac_keys(secrets: Sequence[str]) -> list[bytes]:
    keys = []
    for secret in secret_keys(secrets):
        try:
            keys.append(binascii.unhexlify(secret.strip()))
        except (ValueError, binascii.Error):
            continue
    if not keys:
        # Reported as a wrong signature (nothing can verify), the message says why.
        raise SignatureError("the configured Adyen HMAC key is not hex")
    return keys


def signing_string(item: Mapping[str, Any]) -> bytes:
    amount = item.get("amount") if isinstance(item.get("amount"), dict) else {}
    values = {**item, "value": amount.get("value", ""), "currency": amount.get("currency", "")}
    return ":".join(_text(values.get(name)) for name in _SIGNED_FIELDS).encode()


def _text(value: Any) -> str:
    # Adyen's JSON has strings and an integer amount; a missing field is an empty string.
    if value is None:
        return ""
    if isinstance(value, bool):  # Adyen sends "true"/"false"; a JSON boolean reads the same
        return "true" if value else "false"
    return str(value)


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    keys = hmac_keys(secrets)
    payload = request.payload
    items = payload.get("notificationItems") if isinstance(payload, dict) else None
    if not isinstance(items, list) or not items:
        raise SignatureError("Adyen body has no notificationItems", reason="invalid_body")
    notifications = []
    for entry in items:
        item = entry.get("NotificationRequestItem") if isinstance(entry, dict) else None
        if not isinstance(item, dict):
            raise SignatureError("a notification item is not an object", reason="invalid_body")
        additional = item.get("additionalData")
        signature = additional.get("hmacSignature") if isinstance(additional, dict) else None
        if not isinstance(signature, str) or not signature:
            raise SignatureError("a notification item has no hmacSignature", reason="invalid_body")
        notifications.append((item, signature))

    # Every item must verify: one forged item in a batch refuses the whole request.
    for item, signature in notifications:
        message = signing_string(item)
        expected = [
            base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()) for key in keys
        ]
        if not any_matches(expected, [signature.strip().encode()]):
            raise SignatureError("a notification item's hmacSignature does not match")

    codes = {str_or_none(item.get("eventCode")) or "" for item, _ in notifications}
    first = notifications[0][0]
    external_id = None
    if len(notifications) == 1 and str_or_none(first.get("pspReference")):
        # Adyen's own dedup key: the same eventCode for the same pspReference is a retry.
        external_id = ":".join(
            _text(first.get(name)) for name in ("pspReference", "eventCode", "success")
        )
    return Event(external_id=external_id, event_type=codes.pop() if len(codes) == 1 else "")


SENDER = Sender(
    name="adyen",
    label="Adyen",
    family="per_item",
    docs_url="https://docs.adyen.com/development-resources/webhooks/secure-webhooks/verify-hmac-signatures",
    setup=(
        "In Customer Area → Developers → Webhooks, add a Standard webhook with the Hooklane URL "
        "(JSON), generate the HMAC key there and paste it (hex) as the secret. Each "
        "notification item carries its own signature; every item must verify."
    ),
    verifier=verify,
    credential_name="HMAC key",
)
