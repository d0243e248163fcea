"""A statement timeout for API requests, so one tenant's costly filter cannot hold a
database connection (and the worker thread) for long.

Every `/api/` request runs its statements under `API_STATEMENT_TIMEOUT_MS`; a statement
that runs longer is cancelled by PostgreSQL and the request answers 503 `query_timeout`
(`errors.QueryTimeout`). Ingest (`/in/`, answered by an earlier middleware) and Celery tasks
never pass here and keep the server's default. The setting is a session value put back on
the way out, because the connection outlives the request (CONN_MAX_AGE) and the next user
of it may be ingest.
"""

import psycopg
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse

from .errors import QueryTimeout, error_body

API_PREFIX = "/api/"


def is_query_timeout(exc: BaseException) -> bool:
    """Whether a database error is PostgreSQL cancelling a statement past its timeout."""
    return isinstance(exc, DatabaseError) and isinstance(
        exc.__cause__, psycopg.errors.QueryCanceled
    )


def _set_statement_timeout(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [value])


def _reset_statement_timeout() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    except DatabaseError:
        # Inside an atomic block its rollback undoes the SET; otherwise the connection is
        # not trusted to carry the API's timeout to its next user.
        if not connection.in_atomic_block:
            connection.close()


class ApiStatementTimeoutMiddleware:
    """After IngestMiddleware: only API requests reach it with a timeout to set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout_ms = settings.API_STATEMENT_TIMEOUT_MS
        if not timeout_ms or not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        _set_statement_timeout(f"{timeout_ms}ms")
        try:
            return self.get_response(request)
        finally:
            _reset_statement_timeout()

    def process_exception(self, request, exception):
        # DRF views answer through core.errors.exception_handler; this covers the rest.
        if request.path.startswith(API_PREFIX) and is_query_timeout(exception):
            error = QueryTimeout()
            return JsonResponse(error_body(error.code, str(error.detail)), status=error.status_code)
        return None
