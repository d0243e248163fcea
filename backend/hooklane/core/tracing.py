"""OpenTelemetry traces, exported over OTLP/HTTP; off unless an OTLP endpoint is set.

With `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) in the
environment, each process that makes spans calls `setup()` once it is the process that
will run the work: gunicorn's workers in `post_fork` (gunicorn.conf.py) and Celery's pool
processes in `worker_process_init` (core/task_context.py), never a parent that forks
afterwards, whose exporter thread and connections a child would not get. The SDK reads the
rest of the standard OTEL_* variables itself (service name, resource attributes, sampler,
headers, timeouts, batching).

Until then `tracer` is None, and every caller on a hot path checks that first: with
tracing off the SDK is not even imported, and ingest makes no tracer call at all.
"""

import os
from collections.abc import Mapping
from contextlib import contextmanager
from typing import Any

tracer: Any = None  # this process's opentelemetry Tracer once setup() ran; None = off
_provider: Any = None

_ENDPOINTS = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")


def configured() -> bool:
    """Whether this environment asks for traces."""
    if os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    return any(os.environ.get(name) for name in _ENDPOINTS)


def setup(service: str) -> bool:
    """Start exporting this process's spans if the environment asks for it; `service` is
    the default service.name (`hooklane-<service>`) when OTEL_SERVICE_NAME sets none.
    Returns whether tracing is on."""
    global tracer, _provider
    if tracer is not None or not configured():
        return tracer is not None
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    resource = Resource.create()
    if str(resource.attributes.get(SERVICE_NAME, "")).startswith("unknown_service"):
        resource = resource.merge(Resource({SERVICE_NAME: f"hooklane-{service}"}))
    _provider = TracerProvider(resource=resource)
    _provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    # The global provider too, for any OpenTelemetry instrumentation a deployment adds;
    # our own spans use `tracer`, which shutdown() can turn off again.
    trace.set_tracer_provider(_provider)
    tracer = _provider.get_tracer("hooklane")
    return True


def shutdown() -> None:
    """Export what is buffered and stop (a process about to exit, or a test done)."""
    global tracer, _provider
    provider, tracer, _provider = _provider, None, None
    if provider is not None:
        provider.shutdown()


class _NoSpan:
    """What `span()` yields while tracing is off: takes attributes and drops them."""

    def set_attribute(self, key: str, value: object) -> None:
        pass

    def set_attributes(self, attributes: Mapping[str, object]) -> None:
        pass


_NO_SPAN = _NoSpan()


@contextmanager
def span(name: str, attributes: Mapping[str, Any] | None = None, *, kind: str = "INTERNAL"):
    """A child span of the current one for the block (made current inside it), or, with
    tracing off, an object that ignores attributes. `kind` names an OpenTelemetry SpanKind."""
    if tracer is None:
        yield _NO_SPAN
        return
    from opentelemetry.trace import SpanKind

    with tracer.start_as_current_span(name, kind=SpanKind[kind], attributes=attributes) as made:
        yield made


def attribute_name(field: str) -> str:
    """Our attribute for a log field: `log_id` → `hooklane.log.id`, `provider_type` →
    `hooklane.provider.type`."""
    if field.endswith("_id"):
        return f"hooklane.{field[:-3]}.id"
    return "hooklane." + field.replace("_", ".", 1)


def annotate(fields: Mapping[str, object]) -> None:
    """Set fields (log context names) as `hooklane.*` attributes of the current span."""
    from opentelemetry import trace

    current = trace.get_current_span()
    if current.is_recording():
        current.set_attributes(
            {attribute_name(key): str(value) for key, value in fields.items() if value is not None}
        )


def current_ids() -> dict[str, str]:
    """The current span's trace and span ids as hex, for log lines (empty outside a span)."""
    from opentelemetry import trace

    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return {}
    return {"trace_id": f"{context.trace_id:032x}", "span_id": f"{context.span_id:016x}"}


def inject(headers: dict) -> None:
    """Add the current trace context (W3C traceparent, and tracestate/baggage if any) to a
    message's headers; nothing while tracing is off."""
    if tracer is None:
        return
    from opentelemetry import propagate

    propagate.inject(headers)


class _AttributeGetter:
    """Reads a carrier whose headers are attributes (a Celery task's `request`)."""

    def get(self, carrier: object, key: str) -> list[str] | None:
        value = getattr(carrier, key, None)
        return [value] if isinstance(value, str) else None

    def keys(self, carrier: object) -> list[str]:
        return []


_GETTER = _AttributeGetter()


def extract(carrier: object) -> Any:
    """The trace context a message carried in, from an object exposing its headers as
    attributes."""
    from opentelemetry import propagate

    return propagate.extract(carrier, getter=_GETTER)
