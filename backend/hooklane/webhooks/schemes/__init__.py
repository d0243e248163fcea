"""Webhook signature schemes: pure functions from a received request to a verified Event.

Each sender Hooklane understands is one module of this package defining ``SENDER``, a
`Sender`: most are a `recipe.Recipe` (an HMAC scheme as data, compiled once), a few families
keep code (asymmetric keys, shared tokens, per-item signatures). A verifier returns the
event's id and type or raises SignatureError with a reason code, and nothing else, whatever
the sender put in its headers. A sender also names its signature headers (which readers of a
stored request must not see, or they could send it again) and whether the signature covers a
timestamp (without one, a copy of a stored body is flagged as a probable replay). Nothing
here imports Django, the database or Redis.
"""

import functools
import hmac
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

TOLERANCE_SECONDS = 300
# Real signature headers fit in a few hundred bytes; the cap keeps hostile ones cheap to refuse.
MAX_HEADER_LENGTH = 8192
# Ten digits last until 2286; two more leave room without letting int() chew on junk.
_MAX_TIMESTAMP_DIGITS = 12


class SignatureError(Exception):
    """Signature missing, malformed, wrong, or outside the timestamp tolerance.

    `reason` is one of REASONS: it is stored on a refused request, shown to people and sorts
    the refusals for the metrics; the message says the details."""

    REASONS = (
        "missing_header",
        "malformed_header",
        "wrong_signature",
        "stale_timestamp",
        "future_timestamp",
        "url_mismatch",
        "no_secret",
        "invalid_body",
        "misconfigured",
    )

    def __init__(self, message: str, *, reason: str = "wrong_signature") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class SignedRequest:
    headers: Mapping[str, str]  # keys lower-cased, e.g. "stripe-signature"
    body: bytes  # raw bytes exactly as received
    url: str  # the public URL the sender called, with its query string
    payload: Any  # parsed JSON (dict/list/...) or None when the body is not JSON
    form: Mapping[str, list[str]] | None  # parsed x-www-form-urlencoded params or None
    method: str = "POST"
    query: Mapping[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Handshake:
    """A sender's set-up probe and the answer it expects; stored, never routed."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/plain"
    headers: Mapping[str, str] = field(default_factory=dict)
    # AWS SNS: a SubscribeURL to GET later, through the SSRF-guarded client, only to the
    # sender's own hosts.
    confirm_url: str | None = None
    # Asana: the X-Hook-Secret of the first request becomes the provider's secret.
    store_secret: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    external_id: str | None  # provider's event id, for dedup
    event_type: str  # "" when unknown
    handshake: Handshake | None = None  # a set-up probe to answer instead of routing
    # "verified" (a signature), "authenticated" (a shared token or password), "unsigned".
    verification: str = "verified"


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
        raise SignatureError("no signing secret configured", reason="no_secret")
    return keys


def header(request: SignedRequest, name: str) -> str:
    """The stripped value of a required signature header, which is always ASCII."""
    value = request.headers.get(name.lower())
    if not isinstance(value, str) or not value.strip():
        raise SignatureError(f"missing {name} header", reason="missing_header")
    if len(value) > MAX_HEADER_LENGTH or not value.isascii():
        raise SignatureError(f"malformed {name} header", reason="malformed_header")
    return value.strip()


def optional_header(request: SignedRequest, name: str) -> str | None:
    value = request.headers.get(name.lower())
    if not isinstance(value, str):
        return None
    return value.strip() or None


def check_timestamp(value: str, now: float, tolerance: int = TOLERANCE_SECONDS) -> int:
    """Unix seconds from a header; refused when further than tolerance from now, either way."""
    if not (value.isascii() and value.isdigit() and len(value) <= _MAX_TIMESTAMP_DIGITS):
        raise SignatureError("malformed signature timestamp", reason="malformed_header")
    timestamp = int(value)
    # Written as "not <=" so that a NaN clock refuses instead of accepting.
    if not now - timestamp <= tolerance:
        raise SignatureError("signature timestamp outside the tolerance", reason="stale_timestamp")
    if not timestamp - now <= tolerance:
        raise SignatureError("signature timestamp outside the tolerance", reason="future_timestamp")
    return timestamp


def str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Sender:
    """A sender Hooklane understands: how to verify it and what to tell the person setting
    it up. Each module of this package that defines ``SENDER`` is one provider type."""

    name: str  # the provider_name
    label: str  # as people know it: "Stripe", "Meta (WhatsApp, Instagram, Messenger)"
    family: str  # one of FAMILIES
    docs_url: str  # the sender's signature documentation
    setup: str  # where the secret is found, what URL to paste, quirks
    recipe: Any = None  # a recipe.Recipe for the HMAC family
    verifier: Verifier | None = None  # hand-written families
    # Recipe senders whose event id or type needs more than a source (GitHub's "push.opened").
    describe: Callable[[SignedRequest], Event] | None = None
    # Builds the recipe from a provider's settings (generic HMAC, custom recipes).
    recipe_from_settings: Callable[[Mapping[str, Any]], Any] | None = None
    signature_headers: tuple[str, ...] = ()  # derived from the recipe when empty
    signs_timestamp: bool | None = None  # derived from the recipe when None
    accepts_get: bool = False  # some handshakes arrive as GET
    credential_name: str = "Signing secret"
    needs_secret: bool = True
    # Text settings the sender's check reads besides the secret (Meta's "verify_token").
    settings_fields: tuple[str, ...] = ()

    @property
    def verification(self) -> str:
        """What an accepted request of this sender proves."""
        if not self.needs_secret:
            return "unsigned"
        return "authenticated" if self.family in ("token", "basic_auth") else "verified"

    @property
    def handshake(self) -> str | None:
        return getattr(self.recipe, "handshake", None)

    @property
    def all_signature_headers(self) -> tuple[str, ...]:
        derived = self.recipe.signature_headers if self.recipe is not None else ()
        return tuple(dict.fromkeys((*self.signature_headers, *derived)))

    @property
    def timestamped(self) -> bool:
        if self.signs_timestamp is not None:
            return self.signs_timestamp
        return bool(self.recipe is not None and self.recipe.timestamp)


FAMILIES = (
    "hmac",
    "ed25519",
    "ecdsa",
    "rsa_certificate",
    "token",
    "basic_auth",
    "per_item",
    "unsigned",
    "custom",
)


def _discover() -> dict[str, Sender]:
    import importlib
    import pkgutil

    senders = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        sender = getattr(module, "SENDER", None)
        if sender is None:
            continue
        if sender.name in senders:
            raise RuntimeError(f"two senders named {sender.name!r}")
        if sender.family not in FAMILIES or (sender.recipe is None) == (
            sender.verifier is None and sender.recipe_from_settings is None
        ):
            raise RuntimeError(f"sender {sender.name!r} needs a family and one way to verify")
        senders[sender.name] = sender
    return dict(sorted(senders.items()))


def _verifier_of(sender: Sender) -> Verifier:
    from .recipe import compile_recipe, run

    if sender.verifier is not None:
        return sender.verifier
    if sender.recipe is not None:
        return compile_recipe(sender.recipe, describe=sender.describe)

    def from_settings(request, secrets, settings, now):
        recipe = _settings_recipe(sender.name, settings)
        return run(recipe, request, secrets, now, settings=settings)

    return from_settings


@functools.lru_cache(maxsize=4096)
def _compiled_settings_recipe(name: str, settings_json: str):
    # One compile per distinct settings: the provider cache hands the same settings to
    # every request of a provider, so this is once per provider and process.
    recipe = SENDERS[name].recipe_from_settings(json.loads(settings_json))
    recipe.validate()
    return recipe


def _settings_recipe(name: str, settings: Mapping[str, Any]):
    from .recipe import RecipeError

    try:
        return _compiled_settings_recipe(name, json.dumps(settings, sort_keys=True, default=str))
    except RecipeError as exc:
        raise SignatureError(
            f"{name} provider settings are invalid: {exc}", reason="misconfigured"
        ) from None


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
    event = scheme(request, secrets, settings, now)
    sender = SENDERS[provider_name]
    # The sender's family says what an accepted request proves; an event may only say less
    # (a GET challenge that nothing signed is "unsigned").
    if event.verification not in ("unsigned", sender.verification):
        event = replace(event, verification=sender.verification)
    return event


SENDERS: dict[str, Sender] = _discover()
SCHEMES: dict[str, Verifier] = {name: _verifier_of(sender) for name, sender in SENDERS.items()}
# Every scheme's signature headers, hidden whatever a log's provider is: a header that signs
# for one sender is not something to show for another. Names with these words are hidden as
# well: senders Hooklane has no scheme for put signatures and shared tokens in headers named
# like that.
SIGNATURE_HEADERS = frozenset(
    name for sender in SENDERS.values() for name in sender.all_signature_headers
)
SIGNATURE_HEADER_WORDS = ("signature", "hmac", "token", "secret", "auth", "api-key", "apikey")
UNTIMESTAMPED = frozenset(name for name, sender in SENDERS.items() if not sender.timestamped)


def signature_headers(provider_name: str, settings: Mapping[str, Any]) -> frozenset[str]:
    """Lower-case names of the headers that may carry a provider's signature."""
    sender = SENDERS.get(provider_name)
    if sender is None or sender.recipe_from_settings is None:
        return SIGNATURE_HEADERS
    try:
        recipe = _settings_recipe(provider_name, settings)
    except SignatureError:
        return SIGNATURE_HEADERS
    return SIGNATURE_HEADERS.union(recipe.signature_headers)


def is_signature_header(name: str, names: frozenset[str]) -> bool:
    """True for a header in `names`, or one whose name says it holds a signature."""
    name = name.lower()
    return name in names or any(word in name for word in SIGNATURE_HEADER_WORDS)
