"""Domain errors and the one DRF exception handler that renders every error the same way:
`{"error": code, "detail": text, "fields": {name: [messages]}}`."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response


class ApplicationError(Exception):
    """A failure the caller can act on; subclasses set the status and code."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "invalid"

    def __init__(self, detail: str = "", *, fields: dict | None = None) -> None:
        super().__init__(detail)
        self.detail = detail or self.__class__.__doc__ or self.code
        self.fields = fields or {}


class ValidationFailed(ApplicationError):
    """The input is not valid."""

    code = "invalid"


class NotFound(ApplicationError):
    """Not found."""

    status_code = status.HTTP_404_NOT_FOUND
    code = "not_found"


class Conflict(ApplicationError):
    """The request conflicts with the current state."""

    status_code = status.HTTP_409_CONFLICT
    code = "conflict"


class JobStopped(ApplicationError):
    """A background job cannot go on; it is marked failed with this message."""

    status_code = status.HTTP_409_CONFLICT
    code = "job_stopped"


class QueryTimeout(ApplicationError):
    """The query ran longer than the API allows; narrow the filters (a shorter time range,
    a provider or a status) and try again."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    code = "query_timeout"


class RateLimited(ApplicationError):
    """Too many requests; retry later."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    code = "rate_limited"

    def __init__(self, detail: str = "", *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = max(1, int(retry_after))


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {
            str(key): [str(item) for item in (value if isinstance(value, list) else [value])]
            for key, value in detail.items()
        }
    return {}


def error_body(code: str, detail: str, fields: dict | None = None) -> dict:
    return {"error": code, "detail": detail, "fields": fields or {}}


def exception_handler(exc, context):
    """Turn ApplicationError and DRF's own exceptions into the one error shape."""
    # Imported here: query_timeout imports this module.
    from .query_timeout import is_query_timeout

    if is_query_timeout(exc):
        exc = QueryTimeout()
    if isinstance(exc, ApplicationError):
        response = Response(
            error_body(exc.code, str(exc.detail), exc.fields), status=exc.status_code
        )
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response

    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    # Imported here: rest_framework.views loads the throttle classes, whose rate limits
    # import RateLimited from this module (a cycle when this module is imported first).
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        non_field = fields.pop("non_field_errors", None)
        if isinstance(exc.detail, list):
            non_field = [str(item) for item in exc.detail]
        detail = non_field[0] if non_field else "The input is not valid."
        response.data = error_body("invalid", detail, fields)
    else:
        codes = exc.get_codes() if hasattr(exc, "get_codes") else "error"
        code = codes if isinstance(codes, str) else "error"
        response.data = error_body(code, str(getattr(exc, "detail", exc)))
    return response
