"""PayPal: RSA-SHA256 over "<transmission id>|<transmission time>|<webhook id>|<crc32 of body>",
checked with the certificate PayPal names in PAYPAL-CERT-URL (fetched only from PayPal's API hosts).

https://developer.paypal.com/api/rest/webhooks/rest/#link-selfverificationmethod
"""

import base64
import binascii
import zlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from . import (
    TOLERANCE_SECONDS,
    Event,
    Sender,
    SignatureError,
    SignedRequest,
    certificates,
    header,
    secret_keys,
    str_or_none,
)

CERT_URL_PATTERNS = (
    r"https://api(-m)?(\.sandbox)?\.paypal\.com/v1/notifications/certs/[A-Za-z0-9._-]+",
)
# The subjects PayPal's SDKs accept (paypalrestsdk WebhookEvent._verify_common_name).
CERT_COMMON_NAMES = frozenset(
    {"messageverificationcerts.paypal.com", "messageverificationcerts.sandbox.paypal.com"}
)


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    webhook_ids = [key.decode() for key in secret_keys(secrets)]
    transmission_id = header(request, "PAYPAL-TRANSMISSION-ID")
    transmission_time = header(request, "PAYPAL-TRANSMISSION-TIME")
    signature_text = header(request, "PAYPAL-TRANSMISSION-SIG")
    cert_url = header(request, "PAYPAL-CERT-URL")
    algorithm = header(request, "PAYPAL-AUTH-ALGO")
    if algorithm != "SHA256withRSA":
        raise SignatureError(
            f"PAYPAL-AUTH-ALGO {algorithm!r} is not SHA256withRSA", reason="malformed_header"
        )
    try:
        signature = base64.b64decode(signature_text, validate=True)
    except (ValueError, binascii.Error):
        raise SignatureError(
            "PAYPAL-TRANSMISSION-SIG is not base64", reason="malformed_header"
        ) from None
    _check_time(transmission_time, now)

    key = _public_key(
        certificates.document("paypal", cert_url, CERT_URL_PATTERNS, header="PAYPAL-CERT-URL"), now
    )
    crc = zlib.crc32(request.body) & 0xFFFFFFFF
    verified = False
    for webhook_id in webhook_ids:  # every webhook id is tried, so timing says nothing
        message = f"{transmission_id}|{transmission_time}|{webhook_id}|{crc}".encode()
        try:
            key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
            verified = True
        except InvalidSignature:
            pass
    if not verified:
        raise SignatureError("PAYPAL-TRANSMISSION-SIG does not verify")

    payload = request.payload if isinstance(request.payload, dict) else {}
    return Event(
        external_id=str_or_none(payload.get("id")),
        event_type=str_or_none(payload.get("event_type")) or "",
    )


def _check_time(value: str, now: float) -> None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise SignatureError(
            "PAYPAL-TRANSMISSION-TIME is not RFC 3339", reason="malformed_header"
        ) from None
    if moment.tzinfo is None:
        raise SignatureError("PAYPAL-TRANSMISSION-TIME has no time zone", reason="malformed_header")
    age = now - moment.timestamp()
    if not age <= TOLERANCE_SECONDS:
        raise SignatureError("PAYPAL-TRANSMISSION-TIME is too old", reason="stale_timestamp")
    if not -age <= TOLERANCE_SECONDS:
        raise SignatureError("PAYPAL-TRANSMISSION-TIME is in the future", reason="future_timestamp")


def _public_key(pem: bytes, now: float) -> rsa.RSAPublicKey:
    try:
        certificate = x509.load_pem_x509_certificates(pem)[0]
    except (ValueError, IndexError):
        raise SignatureError(
            "PAYPAL-CERT-URL is not a PEM certificate", reason="misconfigured"
        ) from None
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if not names or names[0].value not in CERT_COMMON_NAMES:
        raise SignatureError("the certificate is not PayPal's message verification certificate")
    if (
        not certificate.not_valid_before_utc.timestamp()
        <= now
        <= certificate.not_valid_after_utc.timestamp()
    ):
        raise SignatureError("PayPal's certificate is not valid now")
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise SignatureError("PayPal's certificate has no RSA key", reason="misconfigured")
    return key


SENDER = Sender(
    name="paypal",
    label="PayPal",
    family="rsa_certificate",
    docs_url="https://developer.paypal.com/api/rest/webhooks/rest/",
    setup=(
        "In the PayPal Developer Dashboard (your app → Webhooks), add the Hooklane URL and "
        "paste the webhook's ID (WH-…, not a secret: PayPal signs with its certificate) here. "
        "Hooklane fetches the certificate only from PayPal's API hosts and caches it."
    ),
    verifier=verify,
    signature_headers=(
        "paypal-transmission-sig",
        "paypal-transmission-id",
        "paypal-transmission-time",
        "paypal-cert-url",
        "paypal-auth-algo",
    ),
    signs_timestamp=True,
    credential_name="Webhook ID",
)
