"""What every sender must do, checked the same way for each: `assert_sender_conforms`.

A sender's test passes `sign(body, secret, now, url) -> headers`, the headers a real
sender would send, made with the sender's own SDK where PyPI has one. A sender that signs
inside the body (Mailgun, Adyen, AWS SNS) returns `(headers, signed body)` instead, and
passes `required_headers=()` when no header carries its signature. The harness builds
requests exactly as ingest does (no database) and checks that a valid request is accepted
with the expected id and type, and that a tampered body, a wrong secret, each signature
header removed, garbage in it, a stale or future timestamp and a missing secret are refused
with the right reason code; and, when the sender allows it, that rotation accepts the old
and the new secret together.
"""

import base64
import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from hooklane.webhooks.parsing import FORM_CONTENT_TYPE, parse_form
from hooklane.webhooks.schemes import SENDERS, Event, SignatureError, SignedRequest, verify

NOW = 1_700_000_000
URL = "https://hooklane.test/in/conformance-key"
Signer = Callable[[bytes, str, float, str], Mapping[str, str] | tuple[Mapping[str, str], bytes]]
_UNSET: Any = object()


def signed_request(
    headers: Mapping[str, str],
    body: bytes,
    *,
    content_type: str = "application/json",
    url: str = URL,
    method: str = "POST",
) -> SignedRequest:
    """The request ingest would hand to the verifier."""
    lowered = {name.lower(): value for name, value in headers.items()}
    lowered.setdefault("content-type", content_type)
    form = None
    if content_type.split(";")[0].strip() == FORM_CONTENT_TYPE:
        form = parse_form(body)
        payload = form
    else:
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    return SignedRequest(
        headers=lowered, body=body, url=url, payload=payload, form=form, method=method, query=query
    )


def _signed(signer_result, body: bytes) -> tuple[dict[str, str], bytes]:
    if isinstance(signer_result, tuple):
        headers, body = signer_result
        return dict(headers), body
    return dict(signer_result), body


def refusal(name: str, request: SignedRequest, secrets, settings=None, now=NOW) -> str:
    with pytest.raises(SignatureError) as caught:
        verify(name, request, secrets, settings or {}, now)
    return caught.value.reason


def other_secret_like(secret: str) -> str:
    """A valid secret of the same shape that is not `secret`."""
    if secret.startswith("whsec_"):
        return "whsec_" + base64.b64encode(b"another secret of 32 bytes......").decode()
    flipped = secret[::-1]
    return flipped if flipped != secret else secret + "0"


def assert_sender_conforms(
    name: str,
    *,
    sign: Signer,
    body: bytes,
    secret: str,
    content_type: str = "application/json",
    url: str = URL,
    settings: Mapping[str, Any] | None = None,
    tampered_body: bytes | None = None,
    rotation: bool = False,
    required_headers: tuple[str, ...] | None = None,
    expect_id: str | None = _UNSET,
    expect_type: str | None = _UNSET,
) -> Event:
    """Check the sender `name` against the contract above; returns the accepted Event."""
    sender = SENDERS[name]
    settings = settings or {}

    def request(headers, payload=None):
        payload = body if payload is None else payload  # the body as signed, read when called
        return signed_request(headers, payload, content_type=content_type, url=url)

    headers, body = _signed(sign(body, secret, NOW, url), body)
    event = verify(name, request(headers), [secret], settings, NOW)
    if expect_id is not _UNSET:
        assert event.external_id == expect_id
    if expect_type is not _UNSET:
        assert event.event_type == expect_type
    assert event.verification == sender.verification

    # A shared token or password proves who sent a request, not what it says: the body of
    # an "authenticated" sender is checked only where the token lives in it (tampered_body).
    if sender.verification != "authenticated" or tampered_body is not None:
        tampered = tampered_body if tampered_body is not None else body.replace(b"}", b" }", 1)
        assert tampered != body
        assert refusal(name, request(headers, tampered), [secret], settings) in (
            "wrong_signature",
            "invalid_body",
        )

    other = other_secret_like(secret)
    assert refusal(name, request(headers), [other], settings) == "wrong_signature"
    assert refusal(name, request(headers), [], settings) == "no_secret"
    if rotation:
        assert verify(name, request(headers), [other, secret], settings, NOW) == event

    sent = {header.lower(): header for header in headers}
    required = required_headers
    if required is None:
        required = tuple(header for header in sender.all_signature_headers if header in sent)
        timestamp = getattr(sender.recipe, "timestamp", None) or ""
        for kind, _, argument in (part.partition(":") for part in timestamp.split("|")):
            if kind == "header" and argument.lower() in sent:
                required += (argument.lower(),)
    assert required or required_headers == (), "the sender sent none of its signature headers"
    for missing in required:
        without = {k: v for k, v in headers.items() if k.lower() != missing}
        assert refusal(name, request(without), [secret], settings) == "missing_header", missing
    for garbled in required:
        if garbled in sender.all_signature_headers:
            broken = {k: ("zz" if k.lower() == garbled else v) for k, v in headers.items()}
            assert refusal(name, request(broken), [secret], settings) in (
                "malformed_header",
                "wrong_signature",
            )

    if sender.timestamped:
        stale, stale_body = _signed(sign(body, secret, NOW - 3600, url), body)
        assert refusal(name, request(stale, stale_body), [secret], settings) == "stale_timestamp"
        future, future_body = _signed(sign(body, secret, NOW + 3600, url), body)
        assert refusal(name, request(future, future_body), [secret], settings) == (
            "future_timestamp"
        )
    return event
