"""Generic HMAC: any sender that puts an HMAC of the raw body in a header of its choosing.

Settings: ``header`` (default "X-Signature"), ``algorithm`` ("sha1", "sha256", "sha512";
default "sha256"), ``encoding`` ("hex" or "base64"; default "hex"), ``prefix`` (e.g.
"sha256="; default ""), and optionally ``id_header`` and ``event_type_header``.
There is no single document; GitHub's page shows the common shape:
https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
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
    header,
    optional_header,
    secret_keys,
    str_or_none,
)

ALGORITHMS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}
ENCODINGS = ("hex", "base64")


SIGNATURE_HEADERS: tuple[str, ...] = ("x-signature",)
SIGNS_TIMESTAMP = False


def configured_signature_headers(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """The header this provider's settings name, which carries its signature too."""
    name = settings.get("header")
    return (name.lower(),) if isinstance(name, str) and name else ()


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    keys = secret_keys(secrets)
    name = settings.get("header") or "X-Signature"
    algorithm = settings.get("algorithm") or "sha256"
    encoding = settings.get("encoding") or "hex"
    prefix = settings.get("prefix") or ""
    if not (
        isinstance(name, str)
        and isinstance(algorithm, str)
        and algorithm in ALGORITHMS
        and encoding in ENCODINGS
        and isinstance(prefix, str)
    ):
        raise SignatureError("hmac_generic provider settings are invalid", reason="misconfigured")

    digests = [hmac.new(key, request.body, ALGORITHMS[algorithm]).digest() for key in keys]
    # Senders rotating a secret send one signature per secret, comma-separated.
    parts = [part.strip() for part in header(request, name).split(",")]
    if encoding == "hex":
        # Hex is case-insensitive and senders differ, so both sides are lower-cased.
        expected = [(prefix + digest.hex()).lower().encode() for digest in digests]
        candidates = [part.lower().encode() for part in parts]
    else:
        expected = [prefix.encode() + base64.b64encode(digest) for digest in digests]
        candidates = [part.encode() for part in parts]
    if not any_matches(expected, candidates):
        raise SignatureError(f"{name} does not match")

    payload = request.payload if isinstance(request.payload, dict) else {}
    id_header = str_or_none(settings.get("id_header"))
    type_header = str_or_none(settings.get("event_type_header"))
    event_type = (
        (optional_header(request, type_header) if type_header else None)
        or str_or_none(payload.get("type"))
        or str_or_none(payload.get("event"))
    )
    return Event(
        external_id=optional_header(request, id_header) if id_header else None,
        event_type=event_type or "",
    )
