"""Pure functions that turn a WSGI request into what ingest verifies and stores.

Nothing here touches the database, Redis or Django's request parsing: the ingest view reads
the body itself, so that size limits hold and the bytes stay exactly as the sender sent them.
"""

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO
from urllib.parse import parse_qs, urlsplit

from django.utils.encoding import escape_uri_path

from hooklane.core.net import source_ip

from .schemes import Event, SignedRequest, is_signature_header

READ_CHUNK_BYTES = 64 * 1024
# The columns that hold event ids, types and content types are varchar(255).
MAX_TEXT_LENGTH = 255
REDACTED = "[redacted]"
# A payload nested deeper is kept as raw bytes only: Django's JSONField, DRF's renderer and
# the dashboard each walk a payload recursively, and Python gives up near 1000 levels, so a
# deeper one stored as jsonb would make its own log unreadable (found by the fuzz suite).
MAX_PAYLOAD_DEPTH = 128
# Credentials a sender (or a proxy in front of us) may add. Signature headers are kept, apart
# (split_signature_headers), for admins debugging a rejection: readers never see them,
# because a body with its signature can be sent again.
REDACTED_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
_HOST_PATTERN = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


class BodyTooLarge(Exception):
    """The body is (or claims to be) larger than the limit."""


class MalformedRequest(Exception):
    """The request cannot be read as HTTP says it should be."""


@dataclass(frozen=True, slots=True)
class IncomingWebhook:
    """One received request, parsed once: what the scheme verifies and what is stored."""

    signed: SignedRequest
    stored_headers: dict[str, str]
    payload_json: str | None  # the parsed body re-encoded for jsonb, None when not storable
    content_type: str
    source_ip: str | None


def declared_length(meta: Mapping[str, Any]) -> int | None:
    """The Content-Length the client declared, None when it declared none."""
    raw = meta.get("CONTENT_LENGTH")
    if raw in (None, ""):
        return None
    if not (isinstance(raw, str) and raw.isascii() and raw.isdigit()):
        raise MalformedRequest("Content-Length is not a number")
    return int(raw)


def read_limited(stream: BinaryIO, limit: int) -> bytes:
    """Read at most `limit` bytes; raise BodyTooLarge as soon as there is one more."""
    chunks = []
    remaining = limit + 1
    while remaining > 0:
        try:
            chunk = stream.read(min(READ_CHUNK_BYTES, remaining))
        except OSError:
            raise MalformedRequest("the body ended before its declared length") from None
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    if remaining <= 0:
        raise BodyTooLarge
    return b"".join(chunks)


def body_stream(meta: Mapping[str, Any], django_stream: BinaryIO) -> BinaryIO:
    """Where to read the body from.

    A server that sets `wsgi.input_terminated` (gunicorn does) ends wsgi.input at the end of
    the body, chunked or not, so it is read to EOF and a missing or lying Content-Length
    cannot hide extra bytes. Elsewhere wsgi.input may be the raw socket, and only Django's
    stream, cut at Content-Length, is safe to read.
    """
    if meta.get("wsgi.input_terminated"):
        return meta["wsgi.input"]
    return django_stream


def request_headers(meta: Mapping[str, Any]) -> dict[str, str]:
    """Request headers from the WSGI environ, keyed by lower-case name (`stripe-signature`)."""
    headers = {
        key[5:].replace("_", "-").lower(): value
        for key, value in meta.items()
        if key.startswith("HTTP_") and isinstance(value, str)
    }
    for key, name in (("CONTENT_TYPE", "content-type"), ("CONTENT_LENGTH", "content-length")):
        if meta.get(key):
            headers[name] = meta[key]
    return headers


def _header_text(value: str) -> str:
    # WSGI hands header bytes over as latin-1; most senders meant UTF-8.
    if not value.isascii():
        try:
            value = value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return value.replace("\x00", "")


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers as stored: credentials replaced, text made safe for jsonb."""
    return {
        name: REDACTED if name in REDACTED_HEADERS else _header_text(value)
        for name, value in headers.items()
    }


def split_signature_headers(
    headers: Mapping[str, str], names: frozenset[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """(the other headers, the signature headers): what readers may see and what only
    admins may, stored in separate columns so that search cannot reach the second."""
    public, signatures = {}, {}
    for name, value in headers.items():
        secret = name not in REDACTED_HEADERS and is_signature_header(name, names)
        (signatures if secret else public)[name] = value
    return public, signatures


def _refuse_constant(name: str):
    # NaN and Infinity are not JSON, and PostgreSQL's jsonb refuses them.
    raise ValueError(f"{name} is not JSON")


def parse_json(body: bytes) -> Any:
    """The body as JSON, or None when it is not JSON."""
    if not body:
        return None
    try:
        return json.loads(body, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return None


def parse_form(body: bytes) -> dict[str, list[str]] | None:
    """An x-www-form-urlencoded body as {name: [values]}, or None when it is not one."""
    try:
        return parse_qs(body.decode("ascii"), keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None


def nests_deeper_than(payload: Any, body: bytes, limit: int) -> bool:
    """Whether a parsed payload has more than `limit` levels of arrays and objects."""
    # Every level opens a bracket, so a body with few of them needs no walk.
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    # One iterator per open level: memory grows with the depth, never with the size.
    levels = [iter((payload,))]
    while levels:
        for value in levels[-1]:
            if isinstance(value, dict):
                children = iter(value.values())
            elif isinstance(value, list):
                children = iter(value)
            else:
                continue
            if len(levels) > limit:
                return True
            levels.append(children)
            break
        else:
            levels.pop()
    return False


def jsonb_text(payload: Any, body: bytes) -> str | None:
    """The payload as JSON text PostgreSQL's jsonb accepts and every reader can walk, or
    None when it cannot be stored that way (the raw body always is)."""
    if payload is None or nests_deeper_than(payload, body, MAX_PAYLOAD_DEPTH):
        return None
    try:
        text = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (ValueError, RecursionError):
        return None
    # jsonb has no NUL character and UTF-8 has no lone surrogates; both only come from
    # escapes (or form percent-encoding), so the common body skips the checks.
    if b"\\u" in body or b"%" in body:
        if "\\u0000" in text:
            return None
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return None
    return text


def public_url(meta: Mapping[str, Any], *, public_base_url: str, trust_forwarded: bool) -> str:
    """The URL the sender posted to, as it signed it (Twilio signs the full URL).

    It is built from PUBLIC_BASE_URL, because the Host header is the sender's to choose;
    behind a trusted proxy, X-Forwarded-Proto and X-Forwarded-Host say what the sender used.
    """
    base = urlsplit(public_base_url)
    scheme, netloc = base.scheme, base.netloc
    if trust_forwarded:
        proto = meta.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
        host = meta.get("HTTP_X_FORWARDED_HOST", "").split(",")[0].strip()
        if proto in ("http", "https"):
            scheme = proto
        if host and _HOST_PATTERN.match(host):
            netloc = host
    url = f"{scheme}://{netloc}{base.path.rstrip('/')}{escape_uri_path(meta.get('PATH_INFO', ''))}"
    query = meta.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


def _query(meta: Mapping[str, Any]) -> dict[str, list[str]]:
    query = meta.get("QUERY_STRING") or ""
    if not query:
        return {}
    try:
        return parse_qs(query, keep_blank_values=True, max_num_fields=100)
    except ValueError:
        return {}


def parse_request(
    meta: Mapping[str, Any], body: bytes, *, public_base_url: str, trust_forwarded: bool
) -> IncomingWebhook:
    """Everything ingest needs from one request, computed once."""
    headers = request_headers(meta)
    content_type = headers.get("content-type", "")
    form = None
    if content_type.split(";", 1)[0].strip().lower() == FORM_CONTENT_TYPE:
        form = parse_form(body)
        payload = form
    else:
        payload = parse_json(body)
    return IncomingWebhook(
        signed=SignedRequest(
            headers=headers,
            body=body,
            url=public_url(meta, public_base_url=public_base_url, trust_forwarded=trust_forwarded),
            payload=payload,
            form=form,
            method=meta.get("REQUEST_METHOD", "POST"),
            query=_query(meta),
        ),
        stored_headers=redact_headers(headers),
        payload_json=jsonb_text(payload, body),
        content_type=_header_text(content_type)[:MAX_TEXT_LENGTH],
        source_ip=source_ip(meta, trust_forwarded=trust_forwarded),
    )


def _storable_text(value: str) -> str:
    if value.isascii() and "\x00" not in value:
        return value
    return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def storable_event(event: Event) -> tuple[str | None, str]:
    """(external_id, event_type) as the varchar(255) columns can hold them.

    A type is only shown, so it is cut at 255 characters. An id decides deduplication, so it
    is never cut (two ids sharing a prefix would collide): an id that is too long, or holds
    text PostgreSQL cannot store, is replaced by "sha256:" and its hex digest, which keeps
    one event one id and the webhook stored.
    """
    event_type = _storable_text(event.event_type or "")[:MAX_TEXT_LENGTH]
    external_id = event.external_id or None
    if external_id is not None and (
        len(external_id) > MAX_TEXT_LENGTH or _storable_text(external_id) != external_id
    ):
        digest = hashlib.sha256(external_id.encode("utf-8", "surrogatepass")).hexdigest()
        external_id = f"sha256:{digest}"
    return external_id, event_type
