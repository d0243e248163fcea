"""The ingest request's span, the root of a webhook's trace (IngestMiddleware calls this
only while tracing is on, so ingest pays nothing for tracing otherwise).

The view binds the provider to the log context (`logs.bind`), which puts it on this span
too; the outcome and the log id come from what the view saw (the same `IngestSeen` its
metrics count), so the span and `hooklane_ingest_requests_total` always agree. The span's
name and route never carry the ingest key, which is as good as a password for the URL. A
sender's own `traceparent` is not followed: each webhook starts a trace of its own.
"""

from opentelemetry import context as otel_context
from opentelemetry.trace import SpanKind

from hooklane.core import logs, tracing

from .metrics import IngestSeen
from .views.ingest import ingest

ROUTE = "/in/{ingest_key}"


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
        seen = IngestSeen()
        response = ingest(request, ingest_key, seen)
        span.set_attributes(
            {
                "http.response.status_code": response.status_code,
                "hooklane.ingest.outcome": seen.resolve(response.status_code),
            }
        )
        if seen.log_id is not None:
            span.set_attribute("hooklane.log.id", seen.log_id)
        return response
