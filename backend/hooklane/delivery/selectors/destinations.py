"""Reads of the delivery app; every one is scoped to an organization or to one of its logs."""

from dataclasses import asdict, fields
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime

from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.selectors import LogFilters, log_filter

from .models import DeliveryAttempt, Destination

_LINKS = Destination.providers.through._meta.db_table

# Only logs that reached routing are forwarded again; rejected forgeries and duplicates never.
REPLAYABLE_LOG_STATUSES = (
    WebhookLog.Status.PROCESSING,
    WebhookLog.Status.PROCESSED,
    WebhookLog.Status.DELIVERED,
    WebhookLog.Status.FAILED,
)


# SQL true for a row of `destinations` that listens to a provider and an event type (SQL
# expressions put in with str.format): its providers include that one or are none, and its
# event-type patterns match or are none. In a pattern `*` matches any run of characters
# and nothing else is special (LIKE's own `%`, `_` and backslash are escaped).
LISTENS = f"""(
    (NOT EXISTS (SELECT 1 FROM {_LINKS} AS link WHERE link.destination_id = destinations.id)
     OR EXISTS (SELECT 1 FROM {_LINKS} AS link WHERE link.destination_id = destinations.id
                AND link.webhookprovider_id = {{provider_id}}))
    AND (destinations.event_types = '[]'::jsonb
         OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(destinations.event_types) AS pattern
                    WHERE {{event_type}} LIKE replace(replace(replace(replace(
                        pattern, '\\', '\\\\'), '%%', '\\%%'), '_', '\\_'), '*', '%%')))
)"""  # noqa: S608


def destinations_for_log(*, log: WebhookLog) -> list[Destination]:
    """The organization's destinations (paused ones too) that listen to this log's provider
    and event type; routing (services.routing) uses the same condition."""
    return list(
        Destination.objects.raw(
            "SELECT id, organization_id, is_active, event_types FROM destinations "  # noqa: S608
            f"WHERE organization_id = %s AND {LISTENS.format(provider_id='%s', event_type='%s')} "
            "ORDER BY id",
            [log.organization_id, log.provider_id, log.event_type],
        )
    )


def destination_get(*, organization, destination_id) -> Destination | None:
    """One of the organization's destinations, or None (another organization's is None too)."""
    return Destination.objects.filter(organization=organization, pk=destination_id).first()


def destination_attempts(*, destination: Destination, limit: int) -> QuerySet[DeliveryAttempt]:
    """The destination's latest attempts, newest first."""
    return DeliveryAttempt.objects.filter(destination=destination).order_by("-created_at")[:limit]


def replay_log_queryset(*, organization, filters: LogFilters) -> QuerySet[WebhookLog]:
    """Replayable logs of the organization matching the log list's filters."""
    logs = WebhookLog.objects.filter(organization=organization, status__in=REPLAYABLE_LOG_STATUSES)
    return log_filter(logs, filters)


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
