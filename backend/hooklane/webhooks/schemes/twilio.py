"""Twilio: ``X-Twilio-Signature``, base64 HMAC-SHA1 of the URL plus the sorted form params.

https://www.twilio.com/docs/usage/webhooks/webhooks-security

Mirrors ``twilio.request_validator.RequestValidator.validate`` so that whatever Twilio's own
library accepts is accepted here, with one deliberate difference: a body that is neither
form-encoded nor covered by ``bodySHA256`` is refused, because nothing would sign it.

The event id is the ``I-Twilio-Idempotency-Token`` header (the same on Twilio's retries),
else the form's MessageSid, CallSid or Sid. The event type is the form's SmsStatus,
MessageStatus or CallStatus (e.g. "received", "delivered", "completed"), else "".
"""

import base64
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import ParseResult, parse_qs, urlparse

from . import (
    Event,
    Sender,
    SignatureError,
    SignedRequest,
    any_matches,
    constant_time_equals,
    header,
    optional_header,
    secret_keys,
)

# SharedKey webhooks name their algorithm in this header; without it the Auth Token signs
# with SHA-1. Both are HMACs under a configured secret, so letting the sender pick is safe.
_ALGORITHMS = {"HMAC_SHA1": hashlib.sha1, "HMAC_SHA256": hashlib.sha256}


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    keys = secret_keys(secrets)
    signature = header(request, "X-Twilio-Signature").encode()
    digest = _ALGORITHMS.get(_algorithm(request).upper())
    if digest is None:
        raise SignatureError(
            "unsupported X-Twilio-Webhooks-Signature-Settings algorithm", reason="malformed_header"
        )
    try:
        url = urlparse(request.url)
        # Twilio signs with or without the port depending on the product, so both count.
        urls = {_without_port(url), _with_port(url)}
        body_hash = parse_qs(url.query).get("bodySHA256")
    except ValueError:
        raise SignatureError("malformed request URL", reason="malformed_header") from None

    if request.form is not None:
        params = _sorted_params(request.form)
    elif body_hash:
        # A JSON body is not in the signature; the signed URL carries its hash instead.
        actual = hashlib.sha256(request.body).hexdigest().encode()
        if not constant_time_equals(actual, body_hash[0].encode()):
            raise SignatureError("body does not match the URL's bodySHA256")
        params = ""
    elif request.body:
        raise SignatureError(
            "Twilio body is neither form-encoded nor covered by bodySHA256", reason="invalid_body"
        )
    else:
        params = ""

    try:
        expected = [
            base64.b64encode(hmac.new(key, (signed_url + params).encode(), digest).digest())
            for key in keys
            for signed_url in urls
        ]
    except UnicodeEncodeError:
        raise SignatureError(
            "request URL or form is not valid text", reason="invalid_body"
        ) from None
    if not any_matches(expected, [signature]):
        raise SignatureError("X-Twilio-Signature does not match")

    form = request.form or {}
    return Event(
        external_id=optional_header(request, "I-Twilio-Idempotency-Token")
        or _first(form, "MessageSid", "CallSid", "Sid"),
        event_type=_first(form, "SmsStatus", "MessageStatus", "CallStatus") or "",
    )


def _algorithm(request: SignedRequest) -> str:
    settings = optional_header(request, "X-Twilio-Webhooks-Signature-Settings") or ""
    for part in settings.split(","):
        name, separator, value = part.partition("=")
        if separator and name.strip() == "algorithm" and value.strip():
            return value.strip()
    return "HMAC_SHA1"


def _without_port(url: ParseResult) -> str:
    if not url.port:
        return url.geturl()
    return url._replace(netloc=url.netloc.split(":")[0]).geturl()


def _with_port(url: ParseResult) -> str:
    if url.port:
        return url.geturl()
    port = 443 if url.scheme == "https" else 80
    return url._replace(netloc=f"{url.netloc}:{port}").geturl()


def _values(form: Mapping[str, Any], name: str) -> list[str]:
    values = form[name]
    if isinstance(values, str):
        return [values]
    if not isinstance(values, list | tuple):
        return []
    return [value for value in values if isinstance(value, str)]


def _sorted_params(form: Mapping[str, Any]) -> str:
    # Twilio's library sorts the names, then each name's distinct values, and repeats the
    # name before every value: a=1&a=2&a=1 signs as "a1a2".
    return "".join(
        name + value
        for name in sorted(name for name in form if isinstance(name, str))
        for value in sorted(set(_values(form, name)))
    )


def _first(form: Mapping[str, Any], *names: str) -> str | None:
    for name in names:
        values = _values(form, name) if name in form else []
        if values and values[0]:
            return values[0]
    return None


SENDER = Sender(
    name="twilio",
    label="Twilio",
    family="hmac",
    docs_url="https://www.twilio.com/docs/usage/webhooks/webhooks-security",
    setup=(
        "Twilio signs with the account's Auth Token (Console → Account info); paste the ingest "
        "URL exactly as the webhook URL, since the URL is part of what is signed."
    ),
    credential_name="Auth Token",
    signature_headers=("x-twilio-signature",),
    signs_timestamp=False,
    verifier=verify,
)
