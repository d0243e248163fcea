"""SendGrid (Twilio SendGrid Event Webhook): ECDSA P-256 / SHA-256 over "<timestamp><body>".

https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features
"""

import base64
import binascii
from collections.abc import Mapping, Sequence
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key

from . import (
    Event,
    Sender,
    SignatureError,
    SignedRequest,
    check_timestamp,
    header,
    secret_keys,
    str_or_none,
)

SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp"


def public_keys(secrets: Sequence[str]) -> list[ec.EllipticCurvePublicKey]:
    """The verification keys as SendGrid shows them: base64 of the DER SubjectPublicKeyInfo."""
    keys = []
    for secret in secret_keys(secrets):
        # A key pasted as PEM works too: its body is the same base64.
        text = b"".join(
            line for line in secret.strip().splitlines() if not line.startswith(b"-----")
        )
        try:
            key = load_der_public_key(base64.b64decode(text, validate=True))
        except (ValueError, binascii.Error, UnsupportedAlgorithm):
            continue
        if isinstance(key, ec.EllipticCurvePublicKey):
            keys.append(key)
    if not keys:
        # Reported as a wrong signature (nothing can verify), the message says why.
        raise SignatureError("the configured SendGrid verification key is not a base64 ECDSA key")
    return keys


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    keys = public_keys(secrets)
    signature_text = header(request, SIGNATURE_HEADER)
    timestamp = header(request, TIMESTAMP_HEADER)
    try:
        signature = base64.b64decode(signature_text, validate=True)
    except (ValueError, binascii.Error):
        raise SignatureError(
            f"{SIGNATURE_HEADER} is not base64", reason="malformed_header"
        ) from None
    check_timestamp(timestamp, now)

    message = timestamp.encode() + request.body
    verified = False
    for key in keys:  # every key is tried, so timing does not say which one matched
        try:
            key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
            verified = True
        except (InvalidSignature, ValueError):
            pass
    if not verified:
        raise SignatureError(f"{SIGNATURE_HEADER} does not verify")

    # The body is a batch: a JSON array of events, each with sg_event_id and event.
    events = request.payload
    if not isinstance(events, list) or not all(isinstance(item, dict) for item in events):
        raise SignatureError(
            "SendGrid payload is not a JSON array of events", reason="invalid_body"
        )
    kinds = {str_or_none(item.get("event")) or "" for item in events}
    return Event(
        external_id=str_or_none(events[0].get("sg_event_id")) if len(events) == 1 else None,
        event_type=kinds.pop() if len(kinds) == 1 else "",
    )


SENDER = Sender(
    name="sendgrid",
    label="SendGrid",
    family="ecdsa",
    docs_url=(
        "https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/"
        "getting-started-event-webhook-security-features"
    ),
    setup=(
        "In Settings → Mail Settings → Event Webhooks, set the Hooklane URL as the Post URL, "
        "turn on Signed Event Webhook Requests and paste the Verification Key shown there as "
        "the secret. SendGrid posts events in batches; a batch's id is its event's "
        "sg_event_id only when it holds one event."
    ),
    verifier=verify,
    signature_headers=(SIGNATURE_HEADER.lower(), TIMESTAMP_HEADER.lower()),
    signs_timestamp=True,
    credential_name="Verification key",
)
