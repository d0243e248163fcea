"""Domain rules for destination settings, shared by every service that writes them."""

import re
import socket

from hooklane.core.errors import ValidationFailed

from . import ssrf
from .db_models.destination_model import MAX_MAX_ATTEMPTS, MAX_TIMEOUT_SECONDS

MAX_HEADERS = 20
MAX_EVENT_TYPES = 50
MAX_SCHEDULE_STEPS = 20
MAX_SCHEDULE_STEP_SECONDS = 7 * 24 * 3600

# Hooklane sets these itself, or they describe the connection rather than the message.
RESERVED_HEADERS = frozenset(
    {
        "connection",
        "content-length",
        "content-type",
        "expect",
        "hooklane-hops",
        "host",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # RFC 9110 field-name


def _fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: [message]})


def clean_url(url: str, *, resolve_with=socket.getaddrinfo) -> str:
    """Refuse URLs the SSRF guard refuses (resolving the host now)."""
    if len(url) > 2048:
        raise _fail("url", "The URL is longer than 2048 characters.")
    try:
        ssrf.vet_url(url, resolve_with=resolve_with)
    except ssrf.UnsafeDestination as exc:
        raise _fail("url", str(exc)) from None
    return url


def header_problem(name, value, *, content_type_allowed: bool = False) -> str | None:
    """Why a header may not be sent as configured (or as a transformation returns it), or
    None when it may."""
    if not isinstance(name, str) or not _TOKEN.fullmatch(name) or len(name) > 100:
        return f"{name!r} is not a valid header name."
    lower = name.lower()
    if content_type_allowed and lower == "content-type":
        pass
    elif lower in RESERVED_HEADERS or lower.startswith("webhook-"):
        return f"{name} is set by Hooklane and cannot be overridden."
    if not isinstance(value, str) or len(value) > 4096:
        return f"The value of {name} must be text of at most 4096 characters."
    # CR or LF would let a value start a header (or a body) of its own.
    if any(ord(char) < 32 and char != "\t" or ord(char) == 127 for char in value):
        return f"The value of {name} contains control characters."
    # HTTP/1.1 carries header bytes as Latin-1, and receivers read anything past ASCII
    # differently: beyond Latin-1 every attempt crashed encoding the request (found by
    # the security suite), so configured values are ASCII.
    if not value.isascii():
        return f"The value of {name} must be ASCII (percent-encode the rest)."
    return None


def clean_headers(headers: dict | None) -> dict[str, str]:
    headers = headers or {}
    if not isinstance(headers, dict):
        raise _fail("headers", "Headers must be an object of names to values.")
    if len(headers) > MAX_HEADERS:
        raise _fail("headers", f"At most {MAX_HEADERS} headers.")
    seen: set[str] = set()
    for name, value in headers.items():
        problem = header_problem(name, value)
        if problem:
            raise _fail("headers", problem)
        lower = name.lower()
        if lower in seen:
            raise _fail("headers", f"{name} is given twice.")
        seen.add(lower)
    return dict(headers)


def clean_event_types(patterns: list | None) -> list[str]:
    patterns = list(patterns or [])
    if len(patterns) > MAX_EVENT_TYPES:
        raise _fail("event_types", f"At most {MAX_EVENT_TYPES} event types.")
    for pattern in patterns:
        if not isinstance(pattern, str) or not pattern.strip() or len(pattern) > 255:
            raise _fail("event_types", "Each event type is non-empty text of at most 255 chars.")
        if any(char.isspace() for char in pattern):
            raise _fail("event_types", f"{pattern!r} contains whitespace.")
    return list(dict.fromkeys(patterns))


def clean_retry_schedule(schedule: list | None) -> list[float] | None:
    if schedule is None:
        return None
    if not isinstance(schedule, list) or not 1 <= len(schedule) <= MAX_SCHEDULE_STEPS:
        raise _fail("retry_schedule", f"Give between 1 and {MAX_SCHEDULE_STEPS} delays.")
    for step in schedule:
        if isinstance(step, bool) or not isinstance(step, int | float):
            raise _fail("retry_schedule", "Each delay is a number of seconds.")
        if not 0 < step <= MAX_SCHEDULE_STEP_SECONDS:
            raise _fail("retry_schedule", "Each delay is more than 0 and at most 7 days.")
    return schedule


def clean_timeout(timeout_seconds: int) -> int:
    if not 1 <= timeout_seconds <= MAX_TIMEOUT_SECONDS:
        raise _fail("timeout_seconds", f"Between 1 and {MAX_TIMEOUT_SECONDS} seconds.")
    return timeout_seconds


def clean_max_attempts(max_attempts: int) -> int:
    if not 1 <= max_attempts <= MAX_MAX_ATTEMPTS:
        raise _fail("max_attempts", f"Between 1 and {MAX_MAX_ATTEMPTS}.")
    return max_attempts


def _expression_fail(field: str, exc) -> ValidationFailed:
    """A field error carrying where in the expression it is, also as structured data."""
    message = str(exc)
    return ValidationFailed(message, fields={field: [message]})


def clean_filter_expression(source: str | None) -> str:
    """A CEL filter that compiles (expressions.py), or "" for none."""
    from .expressions import ExpressionError, compile_filter

    source = (source or "").strip()
    if source:
        try:
            compile_filter(source)
        except ExpressionError as exc:
            raise _expression_fail("filter_expression", exc) from None
    return source


def clean_transformation(source: str | None) -> str:
    """A JSONata transformation that compiles (transforms.py), or "" for none."""
    from .expressions import ExpressionError
    from .transforms import compile_transformation

    source = (source or "").strip()
    if source:
        try:
            compile_transformation(source)
        except ExpressionError as exc:
            raise _expression_fail("transformation", exc) from None
    return source
