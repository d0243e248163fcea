"""Common Expression Language (CEL) over a stored webhook: destination filters, and any other
expression a destination carries (an ordering key).

Programs come from `common-expression-language` (a Rust evaluator; README.md, Filters and
transformations, says why this one and what it costs). Its evaluator holds the GIL and
cannot be interrupted, so the cost limit is enforced before a program ever runs, on its
shape (`_check_cost`): a bounded source, bounded nesting (the parser's own, about 95
levels, refused as a syntax error), and comprehensions (`all`, `exists`, `exists_one`,
`map`, `filter`) that may not nest, so that evaluation is linear in the size of the source
times the size of the webhook (at most the ingest size limit). The time limit is then
checked on every evaluation: one that took longer counts as failed, whatever it returned.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache
from typing import Any

import cel

MAX_SOURCE_LENGTH = 2000
MAX_COMPREHENSIONS = 4
# Wall time one evaluation may take; anything slower is an error, never a result.
TIME_LIMIT_SECONDS = 0.1
# The names an expression sees (request_activation).
ACTIVATION_NAMES = ("body", "headers", "query", "path", "provider", "event_type")

_COMPREHENSIONS = frozenset({"all", "exists", "exists_one", "map", "filter"})
_POSITION = re.compile(r"<input>:(\d+):(\d+):\s*(.*)")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ExpressionError(Exception):
    """An expression that cannot be compiled or evaluated; line and column (1-based) point
    into its source where the error is known to be, else they are None."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def as_dict(self) -> dict[str, Any]:
        return {"message": self.message, "line": self.line, "column": self.column}

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return f"{self.message} (line {self.line}, column {self.column})"


class MissingKey(ExpressionError):
    """The expression read a key, field or header the webhook does not have. A filter takes
    it as "does not match" (a destination fed by several providers sees payloads of several
    shapes); `has(body.x)` tests for a key without it."""


def _line_column(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _tokens(source: str):
    """(kind, text, offset) for each identifier and bracket outside string literals; enough
    to see the expression's shape without a second parser."""
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch in "'\"":
            quote = source[i : i + 3] if source[i : i + 3] in ("'''", '"""') else ch
            raw = i > 0 and source[i - 1] in "rR"
            j = i + len(quote)
            while j < n and not source.startswith(quote, j):
                j += 2 if source[j] == "\\" and not raw else 1
            i = j + len(quote)
            continue
        if ch.isalpha() or ch == "_":
            match = _IDENTIFIER.match(source, i)
            yield "name", match.group(), i
            i = match.end()
            continue
        if ch in "()[]{}.,":
            yield ch, ch, i
        i += 1


def _check_cost(source: str, variables: list[str]) -> None:
    """Refuse programs whose evaluation could grow faster than their input."""
    if len(source) > MAX_SOURCE_LENGTH:
        raise ExpressionError(f"The expression is longer than {MAX_SOURCE_LENGTH} characters.")
    tokens = list(_tokens(source))
    stack: list[bool] = []  # one per open bracket: does it open a comprehension's arguments?
    comprehensions = 0
    bound: set[str] = set()
    for index, (kind, _text, _offset) in enumerate(tokens):
        if kind in "([{":
            opens = (
                kind == "("
                and index >= 2
                and tokens[index - 1][0] == "name"
                and tokens[index - 1][1] in _COMPREHENSIONS
                and tokens[index - 2][0] == "."
            )
            if opens:
                name_offset = tokens[index - 1][2]
                if any(stack):
                    line, column = _line_column(source, name_offset)
                    raise ExpressionError(
                        f"`{tokens[index - 1][1]}` inside another comprehension: comprehensions "
                        "may not nest (the work would grow with the product of the lists).",
                        line,
                        column,
                    )
                comprehensions += 1
                if comprehensions > MAX_COMPREHENSIONS:
                    line, column = _line_column(source, name_offset)
                    raise ExpressionError(
                        f"More than {MAX_COMPREHENSIONS} comprehensions.", line, column
                    )
                if index + 1 < len(tokens) and tokens[index + 1][0] == "name":
                    bound.add(tokens[index + 1][1])
            stack.append(opens)
        elif kind in ")]}" and stack:
            stack.pop()
    for name in variables:
        if name in ACTIVATION_NAMES or name in bound:
            continue
        offset = next((o for k, t, o in tokens if k == "name" and t == name), 0)
        line, column = _line_column(source, offset)
        raise ExpressionError(
            f"Unknown name `{name}`: an expression sees {', '.join(ACTIVATION_NAMES)}.",
            line,
            column,
        )


def _top_level_and(source: str) -> list[tuple[int, str]] | None:
    """The (offset, text) of each operand of a top-level `a && b && c`, or None when the
    expression is not such a chain (a top-level `||` or `?` binds looser than `&&`)."""
    parts, depth, start, i, n = [], 0, 0, 0, len(source)
    while i < n:
        ch = source[i]
        if ch in "'\"":
            quote = source[i : i + 3] if source[i : i + 3] in ("'''", '"""') else ch
            j = i + len(quote)
            while j < n and not source.startswith(quote, j):
                j += 2 if source[j] == "\\" else 1
            i = j + len(quote)
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and (source.startswith("||", i) or ch == "?"):
            return None
        elif depth == 0 and source.startswith("&&", i):
            parts.append((start, source[start:i]))
            start = i + 2
            i += 1
        i += 1
    parts.append((start, source[start:]))
    return parts if len(parts) > 1 else None


def false_parts(source: str, activation: dict[str, Any]) -> list[dict[str, Any]]:
    """For a filter `a && b && ...`: each operand that is not true over the activation,
    with where it starts and whether it was false or missing a key (the console's "why
    not")."""
    found = []
    for offset, text in _top_level_and(source) or []:
        stripped = text.strip()
        line, column = _line_column(source, offset + len(text) - len(text.lstrip()))
        try:
            value = evaluate(compile_filter(stripped), activation)
        except MissingKey as exc:
            value = exc.message
        except ExpressionError:
            continue
        if value is not True:
            outcome = "false" if value is False else f"not true ({value})"
            found.append({"source": stripped, "line": line, "column": column, "outcome": outcome})
    return found


def _syntax_error(source: str, exc: Exception) -> ExpressionError:
    text = str(exc)
    match = _POSITION.search(text)
    if match is None:
        return ExpressionError(text.splitlines()[0] if text else "Syntax error.")
    message = match.group(3).strip() or "Syntax error."
    return ExpressionError(message[:300], int(match.group(1)), int(match.group(2)))


@lru_cache(maxsize=2048)
def compile_filter(source: str) -> cel.Program:
    """A CEL program for `source`, compiled once per process; raises ExpressionError with
    the line and column of a syntax error, an unknown name or a shape over the cost limit."""
    if not isinstance(source, str) or not source.strip():
        raise ExpressionError("The expression is empty.")
    if len(source) > MAX_SOURCE_LENGTH:
        raise ExpressionError(f"The expression is longer than {MAX_SOURCE_LENGTH} characters.")
    try:
        program = cel.compile(source)
    except (ValueError, RuntimeError, TypeError) as exc:
        raise _syntax_error(source, exc) from None
    _check_cost(source, program.variables())
    return program


def request_activation(log) -> dict[str, Any]:
    """What an expression sees of a stored webhook: `body` (the parsed JSON, or the form as
    {name: [values]}, else null), `headers` (lower-case names, as stored: credentials
    redacted, signature headers left out), `query` and `path` (ingest URLs carry neither,
    so {} and ""), `provider` (its type, e.g. "github") and `event_type`."""
    provider = getattr(log, "provider_name", None)
    if provider is None:
        provider = log.provider.provider_name if getattr(log, "provider_id", None) else ""
    return activation_from(
        body=log.payload, headers=log.headers, provider=provider, event_type=log.event_type
    )


def activation_from(
    *,
    body: Any = None,
    headers: dict | None = None,
    query: dict | None = None,
    path: str = "",
    provider: str = "",
    event_type: str = "",
) -> dict[str, Any]:
    """The request object from its parts (a log's columns, or what the test console was
    given), header names lower-cased."""
    return {
        "body": body,
        "headers": {str(name).lower(): value for name, value in (headers or {}).items()},
        "query": dict(query or {}),
        "path": path or "",
        "provider": provider or "",
        "event_type": event_type or "",
    }


def _runtime_error(exc: Exception) -> ExpressionError:
    if isinstance(exc, KeyError):
        key = exc.args[0] if exc.args else "?"
        return MissingKey(f"No such key: {key!r}.")
    text = str(exc).split(" CEL does not coerce", 1)[0].split("\n", 1)[0]
    if isinstance(exc, ZeroDivisionError):
        text = "Division by zero."
    return ExpressionError(text[:500] or type(exc).__name__)


@lru_cache(maxsize=2048)
def _names(program: cel.Program) -> frozenset[str]:
    return frozenset(program.variables())


def evaluate(program: cel.Program, activation: dict[str, Any] | cel.Context) -> Any:
    """The value of a compiled program over an activation; raises ExpressionError (MissingKey
    for an absent key) on a runtime error or past the time limit."""
    started = time.perf_counter()
    try:
        if isinstance(activation, cel.Context):
            context = activation
        else:
            # Converting a value into CEL is most of an evaluation's cost: only what it reads.
            names = _names(program)
            context = cel.Context(
                variables={name: value for name, value in activation.items() if name in names}
            )
        value = program.execute(context)
    except Exception as exc:  # noqa: BLE001 - the evaluator raises builtins of every kind
        raise _runtime_error(exc) from None
    elapsed = time.perf_counter() - started
    if elapsed > TIME_LIMIT_SECONDS:
        raise ExpressionError(
            f"The expression took {elapsed * 1000:.0f} ms, over the limit of "
            f"{TIME_LIMIT_SECONDS * 1000:.0f} ms."
        )
    return value


def filter_decide(
    program: cel.Program, activation: dict[str, Any] | cel.Context
) -> tuple[bool, str]:
    """(whether a filter lets a webhook through, why not): its value must be a bool (anything
    else is an ExpressionError); a missing key is no match, with the key as the reason."""
    try:
        value = evaluate(program, activation)
    except MissingKey as exc:
        return False, exc.message
    if not isinstance(value, bool):
        raise ExpressionError(
            f"A filter must return true or false; this one returned {type(value).__name__}."
        )
    return value, "" if value else "The expression is false."
