"""Structured logs: JSON lines in production, readable text in development.

Every line, whoever logs it (our code, Django, Celery, any library through `logging`),
goes through one formatter (LOGGING in config/settings.py) that adds what is known about
the work it belongs to: the request id, and where known the organization, the stored log,
the delivery and the Celery task. That context lives in one context variable: a request
or a task starts it (`begin`), code that learns more adds to it (`bind`), and a task ends
it (`end`; a request's lasts until the next request on its thread begins, because Django
logs a 4xx answer after the middleware returned).

Only scalar fields are rendered: nothing here logs a body, a header or a secret, a
record's `extra` objects (Django's `request`, whose repr carries the query string) are
dropped, and the key in an ingest URL (the only secret of an unsigned provider) is hidden.
"""

import logging
import re
import sys
from collections.abc import Mapping
from contextvars import ContextVar, Token
from types import MappingProxyType
from uuid import UUID

import structlog

from . import tracing

FORMATS = ("json", "text")

_EMPTY: Mapping[str, object] = MappingProxyType({})
_context: ContextVar[Mapping[str, object]] = ContextVar("hooklane_log_context", default=_EMPTY)
_INGEST_KEY_IN_PATH = re.compile(r"/in/[^/\s?'\"]+")
_SCALARS = (str, int, float, bool, UUID, type(None))
# Everything a LogRecord carries itself; the rest of its __dict__ came from `extra=`.
_RECORD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys() | {"message", "asctime"}
)


def begin(**fields: object) -> Token:
    """Start the context of a unit of work (a request, a task) with these fields only."""
    return _context.set(MappingProxyType(fields))


def end(token: Token) -> None:
    """Put back the context that was current before `begin` returned this token."""
    try:
        _context.reset(token)
    except ValueError:
        # Made in another context (a signal handler run elsewhere): start from nothing.
        _context.set(_EMPTY)


def bind(**fields: object) -> None:
    """Add fields to every later log line of the current request or task, and, while
    tracing is on, as `hooklane.*` attributes of the current span."""
    _context.set(MappingProxyType({**_context.get(), **fields}))
    if tracing.tracer is not None:
        tracing.annotate(fields)


def current() -> Mapping[str, object]:
    """The fields bound for the current request or task."""
    return _context.get()


def _add_context(_logger, _method, event_dict):
    for key, value in _context.get().items():
        if value is not None:
            event_dict.setdefault(key, value if isinstance(value, str | int) else str(value))
    if tracing.tracer is not None:
        event_dict.update(tracing.current_ids())
    return event_dict


def _add_celery_task_id(_logger, _method, event_dict):
    """Celery's lines about a task it received or finished name it in their arguments;
    the "received" line is logged before the task's own context starts. The arguments
    themselves are never rendered."""
    args = event_dict.pop("positional_args", None)
    record = event_dict.get("_record")
    if isinstance(args, dict) and record is not None and record.name.startswith("celery"):
        task_id = args.get("id")
        if isinstance(task_id, str):
            event_dict.setdefault("task_id", task_id)
    return event_dict


def _add_access_fields(_logger, _method, event_dict):
    """gunicorn's access lines (gunicorn.conf.py) as fields too: method, path (never the
    query string, which carries a magic link's token), status, bytes and milliseconds."""
    record = event_dict.get("_record")
    atoms = event_dict.get("positional_args")
    if record is not None and record.name == "gunicorn.access" and isinstance(atoms, Mapping):
        event_dict["http_method"] = atoms["m"]
        event_dict["http_path"] = _INGEST_KEY_IN_PATH.sub("/in/<ingest_key>", atoms["U"])
        event_dict["http_status"] = _int_or_none(atoms["s"])
        event_dict["response_bytes"] = _int_or_none(atoms["B"])
        event_dict["duration_ms"] = _int_or_none(atoms["M"])
    return event_dict


def _int_or_none(atom: object) -> int | None:
    try:
        return int(atom)
    except (TypeError, ValueError):
        return None


def _hide_ingest_keys(_logger, _method, event_dict):
    """An ingest URL's key is the only secret of an unsigned provider, and Django names the
    path of every 4xx it answers ("Unauthorized: /in/<key>")."""
    event = event_dict.get("event")
    if isinstance(event, str) and "/in/" in event:
        event_dict["event"] = _INGEST_KEY_IN_PATH.sub("/in/<ingest_key>", event)
    return event_dict


def _add_extra(_logger, _method, event_dict):
    """A stdlib record's `extra=` fields, scalars only: Django passes its request object,
    whose repr would put a query string (a login token) in the log."""
    record = event_dict.get("_record")
    if record is not None:
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and isinstance(value, _SCALARS):
                event_dict.setdefault(key, str(value) if isinstance(value, UUID) else value)
    return event_dict


def _shared_processors() -> list:
    return [
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        _add_context,
    ]


def formatter(fmt: str = "text") -> logging.Formatter:
    """The formatter of every handler (LOGGING's `()` factory): `json` renders one JSON
    object per line (timestamp, level, logger, message and the context fields), `text` a
    readable line with the same fields as key=value."""
    if fmt not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt == "json":
        renderers = [
            structlog.processors.format_exc_info,
            structlog.processors.EventRenamer("message"),
            structlog.processors.JSONRenderer(default=str),
        ]
    else:
        renderers = [structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())]
    # structlog's own loggers (structlog.get_logger()) hand their events to this formatter.
    structlog.configure(
        processors=[
            *_shared_processors(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            *_shared_processors(),
            _add_extra,
            _add_access_fields,
            _add_celery_task_id,
            _hide_ingest_keys,
        ],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *renderers],
        pass_foreign_args=True,
    )
