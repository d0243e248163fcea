"""Reads of destinations: the routing condition, and one organization's destination."""

from hooklane.webhooks.models import WebhookLog

from ..models import CircuitTransition, Destination

_LINKS = Destination.providers.through._meta.db_table


# SQL true for a row of `destinations` that listens to a provider and an event type (SQL
# expressions put in with str.format): it is not being deleted, its providers include that
# one or are none, and its event-type patterns match or are none. In a pattern `*` matches
# any run of characters and nothing else is special (LIKE's `%`, `_` and backslash are
# escaped).
LISTENS = f"""(
    destinations.deleted_at IS NULL
    AND (NOT EXISTS (SELECT 1 FROM {_LINKS} AS link WHERE link.destination_id = destinations.id)
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
    return Destination.objects.filter(
        organization=organization, pk=destination_id, deleted_at__isnull=True
    ).first()


def destination_circuit_transitions(*, destination: Destination, limit: int = 50) -> list:
    """A destination's latest circuit breaker transitions, newest first (its organization's
    by construction: the destination was read through the tenant scope)."""
    return list(
        CircuitTransition.objects.filter(
            organization_id=destination.organization_id, destination=destination
        ).order_by("-created_at", "-id")[:limit]
    )
