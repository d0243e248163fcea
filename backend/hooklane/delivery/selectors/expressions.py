"""Reads for the filter test console and the transformation preview."""

from hooklane.core.errors import NotFound
from hooklane.webhooks.models import WebhookLog

_COLUMNS = (
    "id",
    "organization_id",
    "body",
    "payload",
    "headers",
    "content_type",
    "event_type",
    "provider__provider_name",
)


def log_for_expressions(*, organization, log_id) -> WebhookLog:
    """One of the organization's logs with what an expression reads of it; another
    organization's log is NotFound like a missing one."""
    log = (
        WebhookLog.objects.select_related("provider")
        .only(*_COLUMNS)
        .filter(organization=organization, pk=log_id)
        .first()
    )
    if log is None:
        raise NotFound("No such log.")
    return log
