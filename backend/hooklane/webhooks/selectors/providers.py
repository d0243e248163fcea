"""Reads of providers: the organization's list, searched by name and filtered by type."""

from django.db.models import QuerySet

from hooklane.accounts.models import Organization

from ..models import WebhookProvider


def provider_list(
    *, organization: Organization, search: str = "", provider_name: str = ""
) -> QuerySet[WebhookProvider]:
    """The organization's providers whose display name contains every word of `search`
    and whose type is `provider_name` (each when given); the caller orders and pages."""
    queryset = WebhookProvider.objects.filter(organization=organization, deleted_at__isnull=True)
    for word in search.split():
        queryset = queryset.filter(display_name__icontains=word)
    if provider_name:
        queryset = queryset.filter(provider_name=provider_name)
    return queryset.select_related("organization")
