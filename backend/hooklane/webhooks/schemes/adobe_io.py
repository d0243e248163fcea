"""Adobe I/O Events: RSA-SHA256 signatures of the body (x-adobe-digital-signature-1/-2) with the
public keys Adobe publishes on static.adobeioevents.com; GET ?challenge= is echoed.

https://developer.adobe.com/events/docs/guides/#security-considerations
"""

import base64
import binascii
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from . import (
    Event,
    Handshake,
    Sender,
    SignatureError,
    SignedRequest,
    any_matches,
    certificates,
    header,
    optional_header,
    secret_keys,
    str_or_none,
)

KEY_HOST = "https://static.adobeioevents.com"
KEY_URL_PATTERNS = (re.escape(KEY_HOST) + r"/(prod|stage)/keys/pub-key-[A-Za-z0-9_-]+\.pem",)
# Two signatures with two keys, so Adobe can rotate one while the other still verifies.
_PAIRS = (
    ("x-adobe-digital-signature-1", "x-adobe-public-key1-path", "x-adobe-public-key1-url"),
    ("x-adobe-digital-signature-2", "x-adobe-public-key2-path", "x-adobe-public-key2-url"),
)


def key_url(request: SignedRequest, path_header: str, url_header: str) -> tuple[str, str]:
    """(url, header it came from): Adobe sends a path on its key host; older integrations
    received a full URL instead."""
    path = optional_header(request, path_header)
    if path is not None:
        if not path.startswith("/"):
            raise SignatureError(f"{path_header} is not a path", reason="malformed_header")
        return KEY_HOST + path, path_header
    return header(request, url_header), url_header


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    if request.method == "GET":
        # Registering the webhook, Adobe GETs ?challenge=... unsigned and wants it back.
        challenge = (request.query.get("challenge") or [""])[0]
        if not challenge:
            raise SignatureError("a GET without ?challenge=", reason="missing_header")
        answer = json.dumps({"challenge": challenge}).encode()
        return Event(
            external_id=None,
            event_type="challenge",
            handshake=Handshake(body=answer, content_type="application/json"),
        )

    client_ids = secret_keys(secrets)  # the integration's client id (API key)
    checks = []
    for signature_header, path_header, url_header in _PAIRS:
        text = header(request, signature_header)
        try:
            signature = base64.b64decode(text, validate=True)
        except (ValueError, binascii.Error):
            raise SignatureError(
                f"{signature_header} is not base64", reason="malformed_header"
            ) from None
        url, source = key_url(request, path_header, url_header)
        checks.append((signature, url, source))

    verified = False
    for signature, url, source in checks:  # either key verifying is enough (rotation)
        key = _public_key(certificates.document("adobe_io", url, KEY_URL_PATTERNS, header=source))
        try:
            key.verify(signature, request.body, padding.PKCS1v15(), hashes.SHA256())
            verified = True
        except InvalidSignature:
            pass
    if not verified:
        raise SignatureError("neither x-adobe-digital-signature verifies")

    payload = request.payload if isinstance(request.payload, dict) else {}
    # Adobe signs for every integration alike: only events for this one are accepted.
    recipient = str_or_none(payload.get("recipient_client_id")) or ""
    if not any_matches(client_ids, [recipient.encode()]):
        raise SignatureError("recipient_client_id is not the configured client id")
    return Event(
        external_id=str_or_none(payload.get("event_id")) or str_or_none(payload.get("id")),
        event_type=str_or_none(payload.get("type")) or "",
    )


def _public_key(pem: bytes) -> rsa.RSAPublicKey:
    try:
        key = load_pem_public_key(pem)
    except (ValueError, UnsupportedAlgorithm):
        raise SignatureError(
            "Adobe's public key is not a PEM key", reason="misconfigured"
        ) from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise SignatureError("Adobe's public key is not RSA", reason="misconfigured")
    return key


SENDER = Sender(
    name="adobe_io",
    label="Adobe I/O Events",
    family="rsa_certificate",
    docs_url="https://developer.adobe.com/events/docs/guides/",
    setup=(
        "In the Adobe Developer Console, add the Hooklane URL as the project's webhook and "
        "paste the project's Client ID (API key) here: Hooklane answers the challenge GET, "
        "fetches Adobe's public keys only from static.adobeioevents.com and accepts only "
        "events whose recipient_client_id is yours."
    ),
    verifier=verify,
    signature_headers=("x-adobe-digital-signature-1", "x-adobe-digital-signature-2"),
    accepts_get=True,
    credential_name="Client ID",
)
