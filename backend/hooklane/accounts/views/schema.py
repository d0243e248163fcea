"""OpenAPI helpers shared by the accounts views: the error responses each action can give."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from hooklane.core.serializers import ErrorOutput

_ERRORS = {
    400: "The input is not valid (`fields` says which inputs and why).",
    401: "Not logged in, or the API key is invalid, expired or revoked.",
    403: "Not allowed: a member on an admin action, a read-scoped key on a write, or a "
    "missing CSRF token.",
    404: "No such object in your organization.",
    409: "Conflicts with the current state.",
    429: "Too many requests; retry after `Retry-After` seconds.",
}

RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429],
    description="Seconds until the rate limit's window resets.",
)


def errors(*statuses: int) -> dict[int, OpenApiResponse]:
    """The error responses of an action, all in the shared error shape."""
    return {
        status: OpenApiResponse(ErrorOutput, description=_ERRORS[status]) for status in statuses
    }
