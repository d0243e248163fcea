"""The ingest request's span, the root of a webhook's trace (IngestMiddleware calls this
only while tracing is on, so ingest pays nothing for tracing otherwise).

The view binds the provider to the log context (`logs.bind`), which puts it on this span
too; the outcome and the log id are read from the answer. The span's name and route never
carry the ingest key, which is as good as a password for the URL. A sender's own
`traceparent` is not followed: each webhook starts a trace of its own.
"""

import json

from opentelemetry import context as otel_context
from opentelemetry.trace import SpanKind

from hooklane.core import logs, tracing

from .views.ingest import ingest

ROUTE = "/in/{ingest_key}"
_OUTCOMES = {
    400: "malformed",
    401: "rejected",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    503: "unavailable",
}


def _answer_attributes(response) -> dict[str, object]:
    status = response.status_code
    found: dict[str, object] = {"http.response.status_code": status}
    if status != 200:
        found["hooklane.ingest.outcome"] = _OUTCOMES.get(status, "error")
        return found
    answer = json.loads(response.content)
    if "challenge" in answer:
        found["hooklane.ingest.outcome"] = "challenge"
        return found
    found["hooklane.ingest.outcome"] = "duplicate" if answer.get("duplicate") else "accepted"
    found["hooklane.log.id"] = answer["id"]
    return found


def traced_ingest(request, ingest_key: str):
    """The ingest view inside the server span of a new trace."""
    method = request.method if request.method == "POST" else "HTTP"
    with tracing.tracer.start_as_current_span(
        f"{method} {ROUTE}",
        # An empty parent context: a new trace, whatever the sender sent.
        context=otel_context.Context(),
        kind=SpanKind.SERVER,
        attributes={
            "http.request.method": request.method,
            "http.route": ROUTE,
            "hooklane.request.id": logs.current().get("request_id") or "",
        },
    ) as span:
        response = ingest(request, ingest_key)
        span.set_attributes(_answer_attributes(response))
        return response
