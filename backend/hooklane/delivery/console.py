"""The filter test console and the transformation preview: a destination's expressions run
over a stored log, or over a pasted request, exactly as the worker runs them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from . import expressions, transforms


@dataclass
class Sample:
    """A request to try expressions on: what they see, and the bytes a forward would carry."""

    request: dict[str, Any]
    body: bytes
    content_type: str


def sample_from_log(log) -> Sample:
    return Sample(expressions.request_activation(log), bytes(log.body), log.content_type or "")


def sample_from_parts(
    *, body: Any, headers: dict | None, provider: str = "", event_type: str = ""
) -> Sample:
    """A pasted request: a JSON body (a string is taken as raw text, parsed when it is JSON)."""
    if isinstance(body, str):
        raw = body.encode()
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
    else:
        parsed = body
        raw = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
    lowered = {str(name).lower(): value for name, value in (headers or {}).items()}
    content_type = lowered.get("content-type") or ("application/json" if parsed is not None else "")
    request = expressions.activation_from(
        body=parsed, headers=lowered, provider=provider, event_type=event_type
    )
    return Sample(request, raw, content_type)


def filter_test(*, expression: str, sample: Sample) -> dict[str, Any]:
    """{matches, value, reason, error}: what the worker would decide for this request."""
    found: dict[str, Any] = {"matches": False, "value": None, "reason": "", "error": None}
    try:
        program = expressions.compile_filter(expression)
        matched, reason = expressions.filter_decide(program, sample.request)
    except expressions.ExpressionError as exc:
        found["error"] = exc.as_dict()
        found["reason"] = "The filter failed: the worker records the attempt as filter_error."
        return found
    found["matches"] = found["value"] = matched
    if matched:
        found["reason"] = "The expression is true: the webhook is sent."
    elif reason != "The expression is false.":
        found["reason"] = f"{reason} A missing key does not match (test for it with has())."
        found["value"] = None
    else:
        found["reason"] = "The expression is false: the delivery is recorded as filtered."
        for part in expressions.false_parts(expression, sample.request):
            found["reason"] = (
                f"`{part['source']}` (line {part['line']}, column {part['column']}) is "
                f"{part['outcome']}, so the whole is false: the delivery is recorded as filtered."
            )
            break
    return found


def _shown(sample: Sample, made: transforms.Transformed | None) -> dict[str, Any]:
    made = made or transforms.Transformed()
    return made.preview(content_type=sample.content_type, body=sample.body)


def transform_preview(*, transformation: str, sample: Sample, url: str = "") -> dict[str, Any]:
    """{before, after, error}: the request as stored and as the transformation sends it."""
    before = _shown(sample, None)
    before["headers"] = dict(sample.request["headers"])
    found: dict[str, Any] = {"before": before, "after": None, "error": None}
    try:
        program = transforms.compile_transformation(transformation)
        made = transforms.transform(program, transformation, sample.request)
    except expressions.ExpressionError as exc:
        found["error"] = exc.as_dict()
        return found
    after = _shown(sample, made)
    if url:
        after["url"] = transforms.transformed_url(url, made.path)
    found["after"] = after
    return found
