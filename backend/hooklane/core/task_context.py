"""What a Celery task carries from the code that published it to the process that runs it.

Publishing adds `message_headers()` to the message, on both ways core/broker.py publishes
(its own LPUSH and Celery's apply_async, through `before_task_publish`): the request id of
the request or task that published it, and, while tracing is on, the W3C trace context.
Running a task starts its log context (task id and name, that request id) and, while
tracing is on, a span continuing the publisher's trace. config/celery.py calls `connect()`.
"""

import logging.config

from celery import signals

from . import logs, request_id, tracing

REQUEST_ID_HEADER = "hooklane_request_id"

# task id -> (log context token, span, trace context token) while the task runs
_running: dict[str, tuple] = {}


def message_headers() -> dict[str, str]:
    """The headers a task published now carries from its publisher."""
    headers: dict[str, str] = {}
    current = logs.current().get("request_id")
    if current:
        headers[REQUEST_ID_HEADER] = current
    tracing.inject(headers)
    return headers


def _before_publish(headers: dict, **_kwargs) -> None:
    for key, value in message_headers().items():
        headers.setdefault(key, value)


def _task_started(task_id: str, task, **_kwargs) -> None:
    fields = {"task_id": task_id, "task_name": task.name}
    inbound = getattr(task.request, REQUEST_ID_HEADER, None)
    if isinstance(inbound, str) and request_id.is_valid(inbound):
        fields["request_id"] = inbound
    log_token = logs.begin(**fields)
    span = trace_token = None
    if tracing.tracer is not None:
        from opentelemetry import context, trace
        from opentelemetry.trace import SpanKind

        delivery_info = task.request.delivery_info or {}
        span = tracing.tracer.start_span(
            f"run {task.name.rsplit('.', 1)[-1]}",
            context=tracing.extract(task.request),
            kind=SpanKind.CONSUMER,
            attributes={
                "messaging.system": "celery",
                "messaging.operation.type": "process",
                "messaging.message.id": task_id,
                "messaging.destination.name": delivery_info.get("routing_key") or "",
                "celery.task.name": task.name,
                "celery.task.retries": task.request.retries or 0,
            },
        )
        trace_token = context.attach(trace.set_span_in_context(span))
    _running[task_id] = (log_token, span, trace_token)


def _task_failed(task_id: str, exception: BaseException, **_kwargs) -> None:
    running = _running.get(task_id)
    if running is not None and running[1] is not None:
        from opentelemetry.trace import Status, StatusCode

        running[1].record_exception(exception)
        running[1].set_status(Status(StatusCode.ERROR, type(exception).__name__))


def _task_finished(task_id: str, state: str | None = None, **_kwargs) -> None:
    running = _running.pop(task_id, None)
    if running is None:
        return
    log_token, span, trace_token = running
    if span is not None:
        from opentelemetry import context

        span.set_attribute("celery.task.state", state or "")
        context.detach(trace_token)
        span.end()
    logs.end(log_token)


def _process_started(**_kwargs) -> None:
    # Each pool process (prefork's children, or the solo pool's one) after the fork.
    tracing.setup("worker")


def _process_stopping(**_kwargs) -> None:
    tracing.shutdown()


def _configure_logging(loglevel=None, **_kwargs) -> None:
    """Celery logs through Django's LOGGING (one formatter for every line) instead of
    installing its own handlers; `celery worker --loglevel` still sets the level."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)


def connect() -> None:
    """Hook the above into Celery's signals (once, from config/celery.py)."""
    signals.setup_logging.connect(_configure_logging, weak=False)
    signals.before_task_publish.connect(_before_publish, weak=False)
    signals.task_prerun.connect(_task_started, weak=False)
    signals.task_failure.connect(_task_failed, weak=False)
    signals.task_postrun.connect(_task_finished, weak=False)
    signals.worker_process_init.connect(_process_started, weak=False)
    signals.worker_process_shutdown.connect(_process_stopping, weak=False)
