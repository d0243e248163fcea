"""Reads of replay: which logs a replay sends again, and a job's stored filters and cursor."""

from dataclasses import asdict, fields
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime

from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.selectors import LogFilters, log_filter

# Only logs that reached routing are forwarded again; rejected forgeries and duplicates never.
REPLAYABLE_LOG_STATUSES = (
    WebhookLog.Status.PROCESSING,
    WebhookLog.Status.PROCESSED,
    WebhookLog.Status.DELIVERED,
    WebhookLog.Status.FAILED,
)


def replay_log_queryset(*, organization, filters: LogFilters) -> QuerySet[WebhookLog]:
    """Replayable logs of the organization matching the log list's filters."""
    logs = WebhookLog.objects.filter(organization=organization, status__in=REPLAYABLE_LOG_STATUSES)
    return log_filter(logs, filters, organization=organization)


def filters_to_json(filters: LogFilters) -> dict:
    """LogFilters as stored on a replay job (only the fields that are set)."""
    stored = {}
    for name, value in asdict(filters).items():
        if isinstance(value, list):
            value = [str(item) for item in value]
        elif isinstance(value, datetime):
            value = value.isoformat()
        if value or value is False:
            stored[name] = value
    return stored


def filters_from_json(stored: dict) -> LogFilters:
    values = dict(stored)
    for name in ("received_after", "received_before"):
        if values.get(name):
            values[name] = parse_datetime(values[name])
    names = {f.name for f in fields(LogFilters)}
    return LogFilters(**{key: value for key, value in values.items() if key in names})


def after_cursor(logs: QuerySet[WebhookLog], cursor: dict | None) -> QuerySet[WebhookLog]:
    """Logs strictly after a (received_at, id) keyset position, oldest first."""
    if cursor:
        logs = logs.filter(
            Q(received_at__gt=cursor["received_at"])
            | Q(received_at=cursor["received_at"], id__gt=cursor["id"])
        )
    return logs.order_by("received_at", "id")
