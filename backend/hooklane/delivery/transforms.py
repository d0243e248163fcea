"""JSONata transformations: what a destination sends instead of the stored request.

One expression per destination, over the same request object CEL filters see
(expressions.request_activation: body, headers, query, path, provider, event_type). It
returns an object with any of:

- `body`: sent instead of the stored body; a string goes as its UTF-8 bytes (the stored
  Content-Type kept), anything else as JSON (`application/json`); left out, the stored
  bytes go as they are;
- `headers`: an object of names to text values, sent on top of the destination's own
  headers (a transformation may set `Content-Type`; Hooklane's own headers are refused);
- `path`: appended to the destination URL's path (`/orders/42`; a `?query` may follow).

`jsonata-python` is pure Python, so every evaluation runs under a budget checked at each
step of the evaluator (its entry and exit hooks): a step count, a nesting depth, a wall
time and a size cap on every intermediate string or array, plus the cap on the body it
returns. Its own timeout option starts counting when the expression is compiled, not
when it is evaluated, so it cannot serve a compiled program kept for many webhooks.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jsonata
import re2
from django.conf import settings
from jsonata import jexception

from .expressions import ExpressionError
from .validation import header_problem

MAX_SOURCE_LENGTH = 4000
MAX_STEPS = 100_000
MAX_DEPTH = 100
TIME_LIMIT_SECONDS = 0.25
MAX_HEADERS = 20
MAX_PATH_LENGTH = 1024
# Largest string or array any step may build: a little over the largest body ingest takes.
MAX_VALUE_LENGTH = 2 * 1024 * 1024
_KEYS = frozenset({"body", "headers", "path"})
# RFC 3986 path characters (and an optional query); no fragment, no backslash, no spaces.
_PATH = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*(\?[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*)?")
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.max_mem = 8 << 20  # a pattern's compiled program, at most
_RE2_OPTIONS.log_errors = False  # reported as the expression error instead


def _re2_engine(pattern: str, flags) -> Any:
    """Regular expressions in RE2, which matches in linear time: Python's `re` (the
    library's default) backtracks, and `/(a+)+$/` over 30 characters takes minutes,
    between two of the budget's checks."""
    prefix = ("i" if flags.case_insensitive else "") + ("m" if flags.multiline else "")
    try:
        return re2.compile(f"(?{prefix}){pattern}" if prefix else pattern, _RE2_OPTIONS)
    except re2.error as exc:
        raise ExpressionError(f"Invalid regular expression /{pattern}/: {exc}") from None


# The evaluator keeps per-call state on the program and in a thread-local; one at a time.
_LOCK = threading.Lock()


class _Budget:
    """The hooks jsonata-python calls around every step, counting against the limits."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.steps = 0
        self.stack: list[int] = []  # positions of the steps under way, innermost last
        self.deadline = time.perf_counter() + TIME_LIMIT_SECONDS

    def enter(self, expr, _input, env) -> None:
        if env.is_parallel_call:
            return
        self.steps += 1
        self.stack.append(getattr(expr, "position", -1) or -1)
        if self.steps > MAX_STEPS:
            raise self.error(f"The transformation took more than {MAX_STEPS:,} steps.")
        if len(self.stack) > MAX_DEPTH:
            raise self.error(f"The transformation nests deeper than {MAX_DEPTH} levels.")
        if self.steps % 64 == 0 and time.perf_counter() > self.deadline:
            raise self.error(
                f"The transformation ran longer than {TIME_LIMIT_SECONDS * 1000:.0f} ms."
            )

    def exit(self, _expr, _input, env, result) -> None:
        if env.is_parallel_call:
            return
        if isinstance(result, str | list) and len(result) > MAX_VALUE_LENGTH:
            raise self.error(
                f"The transformation built a value longer than {MAX_VALUE_LENGTH:,} "
                "characters or items."
            )
        if self.stack:
            self.stack.pop()

    def error(self, message: str, position: int | None = None) -> ExpressionError:
        if position is None or position < 0:
            position = next((p for p in reversed(self.stack) if p >= 0), -1)
        return _positioned(self.source, message, position)


def _positioned(source: str, message: str, position: int) -> ExpressionError:
    """An error at a jsonata position (the 1-based offset just past the token at fault)."""
    if position is None or position < 0:
        return ExpressionError(message)
    offset = min(max(position - 1, 0), max(len(source) - 1, 0))
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return ExpressionError(message, line, column)


@lru_cache(maxsize=512)
def compile_transformation(source: str) -> jsonata.Jsonata:
    """A compiled JSONata program, once per process; raises ExpressionError with the line
    and column of a syntax error."""
    if not isinstance(source, str) or not source.strip():
        raise ExpressionError("The transformation is empty.")
    if len(source) > MAX_SOURCE_LENGTH:
        raise ExpressionError(f"The transformation is longer than {MAX_SOURCE_LENGTH} characters.")
    with _LOCK:
        try:
            return jsonata.Jsonata(source, regex_engine=_re2_engine)
        except jexception.JException as exc:
            raise _positioned(source, str(exc), exc.location) from None
        except RecursionError:
            raise ExpressionError("The transformation nests too deeply.") from None
        except ExpressionError:
            raise


@dataclass
class Transformed:
    """What an attempt sends after a transformation (None: as stored)."""

    body: bytes | None = None
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    path: str | None = None
    value: Any = None  # what the expression returned, for the preview

    def preview(self, *, content_type: str, body: bytes) -> dict[str, Any]:
        """The request as it would go: body (JSON when it parses, else text), headers, path."""
        sent = self.body if self.body is not None else body
        text = sent.decode("utf-8", "replace")
        try:
            shown: Any = json.loads(text) if text else None
        except ValueError:
            shown = text
        return {
            "body": shown,
            "content_type": self.content_type or content_type,
            "headers": dict(self.headers),
            "path": self.path or "",
        }


def _evaluate(program: jsonata.Jsonata, source: str, activation: dict[str, Any]) -> Any:
    budget = _Budget(source)
    bindings = {"__evaluate_entry": budget.enter, "__evaluate_exit": budget.exit}
    with _LOCK:
        # Functions ($map, $sort, ...) call back through the thread's current program.
        jsonata.Jsonata.CURRENT.jsonata = program
        try:
            return program.evaluate(activation, bindings)
        except ExpressionError:
            raise
        except jexception.JException as exc:
            raise budget.error(str(exc), exc.location) from None
        except RecursionError:
            raise budget.error("The transformation nests too deeply.") from None
        except Exception as exc:  # noqa: BLE001 - a pure-Python evaluator fails in any way
            message = f"The transformation failed: {type(exc).__name__}: {exc}"[:500]
            raise budget.error(message) from None


def _shape(value: Any, *, max_body: int) -> Transformed:
    if not isinstance(value, dict):
        raise ExpressionError(
            "A transformation must return an object with any of body, headers and path; "
            f"this one returned {type(value).__name__ if value is not None else 'nothing'}."
        )
    unknown = sorted(set(value) - _KEYS)
    if unknown:
        raise ExpressionError(f"Unknown keys {', '.join(unknown)}: use body, headers and path.")
    found = Transformed(value=value)
    if "body" in value:
        body = value["body"]
        if isinstance(body, str):
            found.body = body.encode("utf-8")
        else:
            found.body = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
            found.content_type = "application/json"
        if len(found.body) > max_body:
            raise ExpressionError(
                f"The transformed body has {len(found.body):,} bytes, over the limit of "
                f"{max_body:,}."
            )
    headers = value.get("headers")
    if headers is not None:
        if not isinstance(headers, dict) or len(headers) > MAX_HEADERS:
            raise ExpressionError(f"headers must be an object of at most {MAX_HEADERS} names.")
        for name, header in headers.items():
            text = header if isinstance(header, str) else json.dumps(header)
            problem = header_problem(name, text, content_type_allowed=True)
            if problem:
                raise ExpressionError(problem)
            if name.lower() == "content-type":
                found.content_type = text
            else:
                found.headers[name] = text
    path = value.get("path")
    if path is not None:
        if not isinstance(path, str) or len(path) > MAX_PATH_LENGTH or not _PATH.fullmatch(path):
            raise ExpressionError(
                "path must be text of URL path characters (a ?query may follow), at most "
                f"{MAX_PATH_LENGTH} long."
            )
        if ".." in path.split("?", 1)[0].split("/"):
            raise ExpressionError("path may not contain `..` segments.")
        found.path = path
    return found


def transform(program: jsonata.Jsonata, source: str, activation: dict[str, Any]) -> Transformed:
    """Run a compiled transformation over a request within its limits; raises
    ExpressionError (with the position of the step at fault where known)."""
    value = _evaluate(program, source, activation)
    return _shape(value, max_body=settings.INGEST_MAX_BODY_BYTES)


def transformed_url(url: str, path: str | None) -> str:
    """The destination URL with a transformation's path appended to its path."""
    if not path:
        return url
    path, _, query = path.partition("?")
    base, _, base_query = url.partition("?")
    base = base.split("#", 1)[0]
    joined = base.rstrip("/") + "/" + path.lstrip("/") if path else base
    query = "&".join(part for part in (base_query, query) if part)
    return f"{joined}?{query}" if query else joined
