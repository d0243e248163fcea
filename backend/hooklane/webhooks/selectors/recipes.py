"""The recipe console's read: a pasted sample verified step by step, nothing stored."""

import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..parsing import FORM_CONTENT_TYPE, parse_form, parse_json
from ..schemes import SignedRequest
from ..schemes.recipe import Recipe, explain


def sample_request(*, method: str, url: str, headers: dict[str, str], body: bytes) -> SignedRequest:
    """A pasted request as ingest would have seen it: header names lower-cased, the body
    parsed as JSON or as a form, the query string parsed."""
    lowered = {name.strip().lower(): value.strip() for name, value in headers.items()}
    form = None
    if lowered.get("content-type", "").split(";", 1)[0].strip().lower() == FORM_CONTENT_TYPE:
        form = parse_form(body)
        payload: Any = form
    else:
        payload = parse_json(body)
    return SignedRequest(
        headers=lowered,
        body=body,
        url=url,
        payload=payload,
        form=form,
        method=method,
        query=parse_qs(urlsplit(url).query, keep_blank_values=True),
    )


def recipe_explain(
    *, recipe: Recipe, secret: str, method: str, url: str, headers: dict[str, str], body: bytes
) -> dict[str, Any]:
    """Each step of `recipe` over the sample, and whether it verifies as a whole."""
    request = sample_request(method=method, url=url, headers=headers, body=body)
    secrets = [secret] if secret else []
    event, error, steps = explain(recipe, request, secrets, time.time())
    if error is not None:
        result: dict[str, Any] = {
            "ok": False,
            "reason": error.reason,
            "detail": str(error),
            "event_id": None,
            "event_type": "",
        }
    else:
        result = {
            "ok": True,
            "reason": "",
            "detail": "The signature verifies.",
            "event_id": event.external_id,
            "event_type": event.event_type,
        }
    result["steps"] = [{"name": s.name, "ok": s.ok, "detail": s.detail} for s in steps]
    return result
