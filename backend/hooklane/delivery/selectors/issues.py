"""Reads of issues; the queryset comes already scoped to the caller's organization."""

from django.db.models import QuerySet

from ..models import Issue


def issues_filtered(queryset: QuerySet[Issue], *, filters: dict) -> QuerySet[Issue]:
    """The issues matching the list's filters (each optional), with what the list shows."""
    if filters.get("state"):
        queryset = queryset.filter(state__in=filters["state"])
    if filters.get("kind"):
        queryset = queryset.filter(kind__in=filters["kind"])
    if filters.get("destination"):
        queryset = queryset.filter(destination_id=filters["destination"])
    return queryset.select_related("destination", "acknowledged_by", "resolved_by")
