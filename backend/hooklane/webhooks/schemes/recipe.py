"""Signature recipes: an HMAC-family scheme described as data and compiled into a verifier.

Most senders sign the same way with different parameters: where the signature is and how
it is written, which digest and encoding, how the key comes from the secret, which bytes are
signed, and whether a timestamp is covered. A `Recipe` names those parameters; `compile_recipe`
turns it once into a verifier with the same contract as a hand-written scheme (return the
Event or raise SignatureError with a reason code), and `explain` runs the same steps while
recording what each found, for the recipe console.

Sources are written ``kind:argument`` and alternatives are joined with ``|``, first present
wins: ``header:Webhook-Id|header:Svix-Id``, ``body:data.object.id`` (a JSON field),
``query:signature``, ``item:t`` (an item of the signature header's ``k=v`` list),
``literal:push``. The signed message is a template over ``{body}``, ``{timestamp}``,
``{url}``, ``{method}``, ``{form_sorted}`` and ``{<source>}`` for any source above.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

from . import (
    MAX_HEADER_LENGTH,
    Event,
    SignatureError,
    SignedRequest,
    check_timestamp,
    str_or_none,
)

DIGESTS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}
ENCODINGS = ("hex", "base64", "base64url")
KEYS = ("utf8", "whsec_base64", "base64", "hex")
TIMESTAMP_FORMATS = ("seconds", "milliseconds", "rfc3339")
SOURCE_KINDS = ("header", "body", "query", "item", "literal")
WHSEC_PREFIX = "whsec_"
# Templates and sources are short; the caps keep a hostile custom recipe cheap to refuse.
MAX_TEMPLATE_LENGTH = 512
MAX_SIGNATURES = 16
_TOKEN = re.compile(r"\{([^{}]*)\}")


@functools.lru_cache(maxsize=1024)
def _template(message: str) -> tuple[tuple[bool, str], ...]:
    """A message template as (is_token, text) parts, split once per distinct template."""
    template = message.replace("\\n", "\n")
    parts, position = [], 0
    for match in _TOKEN.finditer(template):
        parts.append((False, template[position : match.start()]))
        parts.append((True, match.group(1)))
        position = match.end()
    parts.append((False, template[position:]))
    return tuple((token, text) for token, text in parts if token or text)


@dataclass(frozen=True)
class Recipe:
    signature: str  # "header:X-Hub-Signature-256", "header:A|header:B", "body:signature"
    digest: str = "sha256"
    encoding: str = "hex"
    key: str = "utf8"  # how the HMAC key comes from the secret
    message: str = "{body}"  # the signed bytes, as a template
    prefix: str = ""  # stripped from each signature: "sha256=", "v0=", "v1,"
    list_separator: str | None = None  # the value holds several items: ",", ";", " "
    item_key: str | None = None  # items are k=v; the signatures are the items with this key
    timestamp: str | None = None  # a source: "header:X-Slack-Request-Timestamp", "item:t"
    timestamp_format: str = "seconds"
    tolerance: int = 300
    event_id: str | None = None  # a source: "body:id", "header:X-GitHub-Delivery"
    event_type: str | None = None  # a source: "body:type", "literal:ping"
    handshake: str | None = None  # a function of schemes/handshakes.py
    json_object: bool = False  # the body must be a JSON object (refused as invalid_body)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recipe:
        """A recipe from JSON (a custom provider's settings); RecipeError names a bad field."""
        if not isinstance(data, Mapping):
            raise RecipeError({"recipe": "Must be an object."})
        known = {field.name: field for field in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise RecipeError({name: "Unknown recipe field." for name in unknown})
        if "signature" not in data:
            raise RecipeError({"signature": "This field is required."})
        values = {}
        for name, value in data.items():
            if name == "tolerance":
                if not isinstance(value, int) or isinstance(value, bool):
                    raise RecipeError({name: "Must be a whole number of seconds."})
            elif name == "json_object":
                if not isinstance(value, bool):
                    raise RecipeError({name: "Must be true or false."})
            elif value is not None and not isinstance(value, str):
                raise RecipeError({name: "Must be text."})
            values[name] = value
        recipe = cls(**values)
        recipe.validate()
        return recipe

    def validate(self) -> None:
        """RecipeError with a message per field that cannot work."""
        errors: dict[str, str] = {}
        if self.digest not in DIGESTS:
            errors["digest"] = f"One of {', '.join(DIGESTS)}."
        if self.encoding not in ENCODINGS:
            errors["encoding"] = f"One of {', '.join(ENCODINGS)}."
        if self.key not in KEYS:
            errors["key"] = f"One of {', '.join(KEYS)}."
        if self.timestamp_format not in TIMESTAMP_FORMATS:
            errors["timestamp_format"] = f"One of {', '.join(TIMESTAMP_FORMATS)}."
        if not 1 <= self.tolerance <= 86_400:
            errors["tolerance"] = "Between 1 and 86400 seconds."
        if self.list_separator == "":
            errors["list_separator"] = "Leave it empty or give a separator."
        if self.item_key and not self.list_separator:
            errors["item_key"] = "A k=v item needs a list separator."
        for name in ("signature", "timestamp", "event_id", "event_type"):
            value = getattr(self, name)
            problem = value is not None and _source_problem(value, items=bool(self.item_key))
            if problem:
                errors[name] = problem
        if self.signature.startswith("literal:") or "item:" in self.signature:
            errors["signature"] = "The signature comes from a header, the body or the query."
        if len(self.message) > MAX_TEMPLATE_LENGTH:
            errors["message"] = f"At most {MAX_TEMPLATE_LENGTH} characters."
        else:
            for part in _TOKEN.findall(self.message):
                if part in ("body", "timestamp", "url", "method", "form_sorted"):
                    if part == "timestamp" and not self.timestamp:
                        errors["message"] = "{timestamp} needs a timestamp source."
                    continue
                problem = _source_problem(part, items=bool(self.item_key))
                if problem:
                    errors["message"] = f"{{{part}}}: {problem}"
        if self.handshake is not None:
            from . import handshakes

            if self.handshake not in handshakes.HANDSHAKES:
                errors["handshake"] = f"One of {', '.join(sorted(handshakes.HANDSHAKES))}."
        if errors:
            raise RecipeError(errors)

    @property
    def signature_headers(self) -> tuple[str, ...]:
        return tuple(
            argument.lower() for kind, argument in _alternatives(self.signature) if kind == "header"
        )


class RecipeError(ValueError):
    """A recipe that cannot work; `fields` maps each recipe field to what is wrong with it."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {problem}" for name, problem in fields.items()))
        self.fields = fields


@functools.lru_cache(maxsize=4096)
def _alternatives(source: str) -> tuple[tuple[str, str], ...]:
    # Parsed once per distinct source text: recipes are few and verification is hot.
    pairs = []
    for part in source.split("|"):
        kind, _, argument = part.partition(":")
        pairs.append((kind.strip(), argument.strip()))
    return tuple(pairs)


def _source_problem(source: str, *, items: bool) -> str | None:
    for kind, argument in _alternatives(source):
        if kind not in SOURCE_KINDS:
            return f"Sources are {', '.join(k + ':…' for k in SOURCE_KINDS)}."
        if not argument and kind != "literal":
            return f"{kind}: needs a name."
        if kind == "item" and not items:
            return "item: sources need an item key (k=v list)."
    return None


@dataclass(frozen=True, slots=True)
class Step:
    """One stage of a verification, as the recipe console shows it."""

    name: str
    ok: bool
    detail: str


Trace = list[Step] | None


def _note(trace: Trace, name: str, ok: bool, detail: str) -> None:
    if trace is not None:
        trace.append(Step(name=name, ok=ok, detail=detail))


def _fail(trace: Trace, name: str, message: str, reason: str) -> SignatureError:
    _note(trace, name, False, message)
    return SignatureError(message, reason=reason)


def _header_value(request: SignedRequest, name: str) -> str | None:
    value = request.headers.get(name.lower())
    if not isinstance(value, str) or not value.strip():
        return None
    if len(value) > MAX_HEADER_LENGTH or not value.isascii():
        raise SignatureError(f"malformed {name} header", reason="malformed_header")
    return value.strip()


def _body_field(request: SignedRequest, path: str) -> Any:
    value = request.payload
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return json.dumps(value)
    return None


def _lookup(
    request: SignedRequest, kind: str, argument: str, items: Mapping[str, str], numbers: bool
):
    if kind == "header":
        return _header_value(request, argument)
    if kind == "body":
        value = _body_field(request, argument)
        return _as_text(value) if numbers else str_or_none(value)
    if kind == "query":
        values = request.query.get(argument) or []
        return values[0] if values and values[0] else None
    if kind == "item":
        return items.get(argument)
    return argument  # literal


def _describe(source: str) -> str:
    """How people call a source: "Stripe-Signature", "body field data.id"."""
    kind, argument = _alternatives(source)[0]
    return argument if kind == "header" else f"{kind} field {argument}".strip()


def _missing(source: str) -> str:
    kind, argument = _alternatives(source)[0]
    return f"missing {argument} header" if kind == "header" else f"missing {_describe(source)}"


def _resolve(
    request: SignedRequest, source: str, items: Mapping[str, str], *, numbers: bool = True
) -> str | None:
    """The first alternative present; `numbers` lets a JSON number stand for its text."""
    for kind, argument in _alternatives(source):
        value = _lookup(request, kind, argument, items, numbers)
        if value is not None:
            return value
    return None


def secret_key(secret: str, how: str) -> bytes:
    """The HMAC key a recipe derives from a configured secret."""
    if how == "utf8":
        return secret.encode()
    text = secret.removeprefix(WHSEC_PREFIX) if how == "whsec_base64" else secret
    try:
        if how == "hex":
            key = bytes.fromhex(text)
        else:
            # Some senders strip the base64 padding; their reference libraries put it back.
            key = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except ValueError:
        encoding = "hex" if how == "hex" else "base64"
        raise SignatureError(
            f"signing secret is not valid {encoding}", reason="misconfigured"
        ) from None
    if not key:
        raise SignatureError("signing secret is empty", reason="misconfigured")
    return key


def _encode(digest: bytes, encoding: str) -> bytes:
    if encoding == "hex":
        return digest.hex().encode()
    if encoding == "base64url":
        return base64.urlsafe_b64encode(digest).rstrip(b"=")
    return base64.b64encode(digest)


def _normalise(candidate: str, encoding: str) -> bytes:
    if encoding == "hex":
        return candidate.lower().encode()
    if encoding == "base64url":
        return candidate.rstrip("=").encode()
    return candidate.encode()


def _form_sorted(form: Mapping[str, Any] | None) -> str:
    # Twilio's order: names sorted, each name's distinct values sorted, name before each.
    if not form:
        return ""
    out = []
    for name in sorted(name for name in form if isinstance(name, str)):
        values = form[name] if isinstance(form[name], list | tuple) else [form[name]]
        for value in sorted({value for value in values if isinstance(value, str)}):
            out.append(name + value)
    return "".join(out)


def _check_time(value: str, recipe: Recipe, now: float) -> None:
    if recipe.timestamp_format == "rfc3339":
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise SignatureError(
                "malformed signature timestamp", reason="malformed_header"
            ) from None
        if parsed.tzinfo is None:
            raise SignatureError("signature timestamp has no time zone", reason="malformed_header")
        check_timestamp(str(int(parsed.timestamp())), now, recipe.tolerance)
    elif recipe.timestamp_format == "milliseconds":
        if not (value.isascii() and value.isdigit() and len(value) <= 15):
            raise SignatureError("malformed signature timestamp", reason="malformed_header")
        check_timestamp(str(int(value) // 1000), now, recipe.tolerance)
    else:
        check_timestamp(value, now, recipe.tolerance)


def _preview(message: bytes, limit: int = 200) -> str:
    text = message[:limit].decode("utf-8", "backslashreplace")
    return text + (f"… ({len(message)} bytes)" if len(message) > limit else "")


def run(
    recipe: Recipe,
    request: SignedRequest,
    secrets: Sequence[str],
    now: float,
    trace: Trace = None,
    describe: Callable[[SignedRequest], Event] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> Event:
    """Verify `request` by `recipe`; with a `trace`, record each step for the console."""
    from . import handshakes

    settings = settings or {}
    keys = [
        secret_key(secret, recipe.key) for secret in secrets if isinstance(secret, str) and secret
    ]
    if not keys:
        raise _fail(trace, "secret", "no signing secret configured", "no_secret")
    _note(trace, "secret", True, f"{len(keys)} secret(s) to try")
    if request.method == "GET":
        # Only a handshake arrives as a GET, and it is unsigned: its function checks it.
        answer = (
            handshakes.HANDSHAKES[recipe.handshake](request, keys, settings, now)
            if recipe.handshake
            else None
        )
        if answer is None:
            raise _fail(trace, "handshake", "a GET that is no handshake", "missing_header")
        _note(trace, "handshake", True, f"answered with {answer.status}")
        # Nothing signed it: its function checked a token or computed an answer.
        return Event(
            external_id=None, event_type="handshake", handshake=answer, verification="unsigned"
        )

    label = _describe(recipe.signature)
    try:
        raw = _resolve(request, recipe.signature, {})
    except SignatureError as exc:
        raise _fail(trace, "locate signature", str(exc), exc.reason) from None
    if raw is None:
        raise _fail(trace, "locate signature", _missing(recipe.signature), "missing_header")
    _note(trace, "locate signature", True, f"{label}: {raw[:120]}")

    items: dict[str, str] = {}
    if recipe.list_separator:
        parts = [part.strip() for part in raw.split(recipe.list_separator)]
    else:
        parts = [raw]
    if recipe.item_key:
        signatures = []
        for part in parts:
            name, separator, value = part.partition("=")
            if not separator:
                continue
            items.setdefault(name.strip(), value.strip())
            if name.strip() == recipe.item_key:
                signatures.append(value.strip())
    else:
        prefix = recipe.prefix.lower()
        signatures = [
            part[len(prefix) :] for part in parts if part and part.lower().startswith(prefix)
        ]
    signatures = [signature for signature in signatures if signature][:MAX_SIGNATURES]
    if not signatures:
        if recipe.item_key:
            message = f"{label} has no {recipe.item_key} signature"
            raise _fail(trace, "parse signature", message, "malformed_header")
        # A value without the expected prefix is a signature that does not match, as the
        # senders' own libraries say of it.
        raise _fail(trace, "parse signature", f"{label} does not match", "wrong_signature")
    _note(trace, "parse signature", True, f"{len(signatures)} signature(s)")

    timestamp = None
    if recipe.timestamp:
        try:
            timestamp = _resolve(request, recipe.timestamp, items)
            if timestamp is None and recipe.timestamp.startswith("item:"):
                raise SignatureError(f"{label} has no timestamp", reason="malformed_header")
            if timestamp is None:
                raise SignatureError(
                    f"{_missing(recipe.timestamp)} (the timestamp)", reason="missing_header"
                )
            _check_time(timestamp, recipe, now)
        except SignatureError as exc:
            raise _fail(trace, "timestamp", str(exc), exc.reason) from None
        _note(trace, "timestamp", True, f"{timestamp} is within {recipe.tolerance} s of now")

    try:
        message = _message(recipe, request, items, timestamp)
    except SignatureError as exc:
        raise _fail(trace, "signed message", str(exc), exc.reason) from None
    _note(trace, "signed message", True, _preview(message))

    digest = DIGESTS[recipe.digest]
    expected = [_encode(hmac.new(key, message, digest).digest(), recipe.encoding) for key in keys]
    candidates = [_normalise(signature, recipe.encoding) for signature in signatures]
    matched = False
    for wanted in expected:
        for candidate in candidates:
            matched |= hmac.compare_digest(wanted, candidate)
    if not matched:
        # The computed value is for the console only: a refusal's message goes back to
        # whoever sent the request.
        if trace is not None:
            trace.append(
                Step(
                    name="compare",
                    ok=False,
                    detail=f"computed {recipe.digest} {recipe.encoding} "
                    f"{expected[0].decode()} with the first secret; none of the "
                    f"{len(candidates)} signature(s) matches",
                )
            )
        raise SignatureError(f"{label} does not match", reason="wrong_signature")
    _note(trace, "compare", True, "a signature matches")

    if recipe.json_object and not isinstance(request.payload, dict):
        raise _fail(trace, "event", "payload is not a JSON object", "invalid_body")
    if describe is not None:
        event = describe(request)
    else:
        event = Event(
            external_id=_resolve(request, recipe.event_id, items) if recipe.event_id else None,
            event_type=(
                _resolve(request, recipe.event_type, items, numbers=False)
                if recipe.event_type
                else ""
            )
            or "",
        )
    if recipe.handshake:
        handshake = handshakes.HANDSHAKES[recipe.handshake](request, keys, settings, now)
        if handshake is not None:
            event = Event(external_id=None, event_type=event.event_type, handshake=handshake)
    _note(trace, "event", True, f"id {event.external_id or '-'}, type {event.event_type or '-'}")
    return event


def _message(
    recipe: Recipe, request: SignedRequest, items: Mapping[str, str], timestamp: str | None
) -> bytes:
    out = bytearray()
    for is_token, part in _template(recipe.message):
        if not is_token:
            out += part.encode()
        elif part == "body":
            out += request.body
        elif part == "timestamp":
            out += (timestamp or "").encode()
        elif part == "url":
            out += request.url.encode()
        elif part == "method":
            out += request.method.encode()
        elif part == "form_sorted":
            out += _form_sorted(request.form).encode()
        else:
            value = _resolve(request, part, items)
            if value is None:
                kind = _alternatives(part)[0][0]
                reason = "invalid_body" if kind == "body" else "missing_header"
                raise SignatureError(f"{_missing(part)} (signed)", reason=reason)
            out += value.encode()
    return bytes(out)


def compile_recipe(
    recipe: Recipe, describe: Callable[[SignedRequest], Event] | None = None
) -> Callable[[SignedRequest, Sequence[str], Mapping[str, Any], float], Event]:
    """A verifier for `recipe`, validated once here rather than on every request."""
    recipe.validate()

    def verify(
        request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
    ) -> Event:
        return run(recipe, request, secrets, now, describe=describe, settings=settings)

    return verify


def explain(
    recipe: Recipe,
    request: SignedRequest,
    secrets: Sequence[str],
    now: float,
    settings: Mapping[str, Any] | None = None,
):
    """(event or None, the SignatureError or None, the steps taken): for the console."""
    trace: list[Step] = []
    try:
        recipe.validate()
    except RecipeError as exc:
        return None, SignatureError(str(exc), reason="misconfigured"), trace
    try:
        event = run(recipe, request, secrets, now, trace=trace, settings=settings)
    except SignatureError as exc:
        return None, exc, trace
    return event, None, trace


__all__ = ["Recipe", "RecipeError", "Step", "compile_recipe", "explain", "run"]
