"""Webhook signature schemes: pure functions from a received request to a verified Event.

Each provider has one module whose ``verify(request, secrets, settings, now)`` returns the
event's id and type or raises SignatureError, and nothing else, whatever the sender put in
its headers. Each module also declares ``SIGNATURE_HEADERS`` (lower-case names of the headers
that carry its signature, which readers of a stored request must not see, or they could send
it again) and ``SIGNS_TIMESTAMP`` (whether the signature covers a timestamp; without one, a
copy of a stored body is flagged as a probable replay). Nothing here imports Django, the
database or Redis.
"""

import hmac
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

TOLERANCE_SECONDS = 300
# Real signature headers fit in a few hundred bytes; the cap keeps hostile ones cheap to refuse.
MAX_HEADER_LENGTH = 8192
# Ten digits last until 2286; two more leave room without letting int() chew on junk.
_MAX_TIMESTAMP_DIGITS = 12


class SignatureError(Exception):
    """Signature missing, malformed, wrong, or outside the timestamp tolerance.

    `reason` sorts the refusals for the metrics; the message is for people."""

    REASONS = ("missing", "malformed", "mismatch", "timestamp", "misconfigured", "invalid_body")

    def __init__(self, message: str, *, reason: str = "mismatch") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class SignedRequest:
    headers: Mapping[str, str]  # keys lower-cased, e.g. "stripe-signature"
    body: bytes  # raw bytes exactly as received
    url: str  # the public URL the sender posted to (for Twilio)
    payload: Any  # parsed JSON (dict/list/...) or None when the body is not JSON
    form: Mapping[str, list[str]] | None  # parsed x-www-form-urlencoded params or None


@dataclass(frozen=True, slots=True)
class Event:
    external_id: str | None  # provider's event id, for dedup
    event_type: str  # "" when unknown
    challenge: str | None = None  # Slack url_verification challenge to echo


Verifier = Callable[[SignedRequest, Sequence[str], Mapping[str, Any], float], Event]


def constant_time_equals(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(a, b)


def any_matches(expected: Iterable[bytes], candidates: Iterable[bytes]) -> bool:
    """True when any expected signature equals any candidate, comparing every pair."""
    candidates = list(candidates)
    matched = False
    for wanted in expected:
        for candidate in candidates:
            matched |= constant_time_equals(wanted, candidate)
    return matched


def secret_keys(secrets: Sequence[str]) -> list[bytes]:
    """The configured secrets as HMAC keys; an empty secret would let anyone sign."""
    keys = [secret.encode() for secret in secrets if isinstance(secret, str) and secret]
    if not keys:
        raise SignatureError("no signing secret configured", reason="misconfigured")
    return keys


def header(request: SignedRequest, name: str) -> str:
    """The stripped value of a required signature header, which is always ASCII."""
    value = request.headers.get(name.lower())
    if not isinstance(value, str) or not value.strip():
        raise SignatureError(f"missing {name} header", reason="missing")
    if len(value) > MAX_HEADER_LENGTH or not value.isascii():
        raise SignatureError(f"malformed {name} header", reason="malformed")
    return value.strip()


def optional_header(request: SignedRequest, name: str) -> str | None:
    value = request.headers.get(name.lower())
    if not isinstance(value, str):
        return None
    return value.strip() or None


def check_timestamp(value: str, now: float, tolerance: int = TOLERANCE_SECONDS) -> int:
    """Unix seconds from a header; refused when further than tolerance from now, either way."""
    if not (value.isascii() and value.isdigit() and len(value) <= _MAX_TIMESTAMP_DIGITS):
        raise SignatureError("malformed signature timestamp", reason="malformed")
    timestamp = int(value)
    # Written as "not <=" so that a NaN clock refuses instead of accepting.
    if not abs(now - timestamp) <= tolerance:
        raise SignatureError("signature timestamp outside the tolerance", reason="timestamp")
    return timestamp


def str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def verify(
    provider_name: str,
    request: SignedRequest,
    secrets: Sequence[str],
    settings: Mapping[str, Any],
    now: float,
) -> Event:
    """Verify with the provider's scheme; SignatureError for every kind of refusal."""
    scheme = SCHEMES.get(provider_name)
    if scheme is None:
        raise SignatureError(f"unknown signature scheme {provider_name!r}", reason="misconfigured")
    return scheme(request, secrets, settings, now)


# The provider modules import the helpers above, so they can only be loaded once those exist.
from . import (  # noqa: E402
    github,
    hmac_generic,
    none,
    shopify,
    slack,
    standard_webhooks,
    stripe,
    twilio,
)

_MODULES = {
    "stripe": stripe,
    "github": github,
    "shopify": shopify,
    "slack": slack,
    "twilio": twilio,
    "standard_webhooks": standard_webhooks,
    "hmac_generic": hmac_generic,
    "none": none,
}
SCHEMES: dict[str, Verifier] = {name: module.verify for name, module in _MODULES.items()}
# Every scheme's signature headers, hidden whatever a log's provider is: a header that signs
# for one sender is not something to show for another. Names with these words are hidden as
# well: senders Hooklane has no scheme for put signatures and shared tokens (GitLab's
# X-Gitlab-Token is the secret itself) in headers named like that.
SIGNATURE_HEADERS = frozenset(
    name for module in _MODULES.values() for name in module.SIGNATURE_HEADERS
)
SIGNATURE_HEADER_WORDS = ("signature", "hmac", "token", "secret", "auth", "api-key", "apikey")
UNTIMESTAMPED = frozenset(name for name, module in _MODULES.items() if not module.SIGNS_TIMESTAMP)


def signature_headers(provider_name: str, settings: Mapping[str, Any]) -> frozenset[str]:
    """Lower-case names of the headers that may carry a provider's signature."""
    module = _MODULES.get(provider_name)
    configured = getattr(module, "configured_signature_headers", None)
    return SIGNATURE_HEADERS.union(configured(settings)) if configured else SIGNATURE_HEADERS


def is_signature_header(name: str, names: frozenset[str]) -> bool:
    """True for a header in `names`, or one whose name says it holds a signature."""
    name = name.lower()
    return name in names or any(word in name for word in SIGNATURE_HEADER_WORDS)
