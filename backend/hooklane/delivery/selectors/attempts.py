"""Reads of delivery attempts: the timelines of a destination and of a log."""

from django.db.models import QuerySet

from ..models import DeliveryAttempt, Destination


def destination_attempts(*, destination: Destination, limit: int) -> QuerySet[DeliveryAttempt]:
    """The destination's latest attempts, newest first."""
    return (
        DeliveryAttempt.objects.filter(destination=destination)
        .select_related("destination")
        .order_by("-created_at")[:limit]
    )


def log_attempts(*, log_id) -> QuerySet[DeliveryAttempt]:
    """A log's attempts to every destination, oldest first (callers scope the log)."""
    return (
        DeliveryAttempt.objects.filter(log_id=log_id)
        .select_related("destination")
        .order_by("created_at", "id")
    )
