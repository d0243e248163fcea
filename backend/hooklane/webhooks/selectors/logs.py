"""Reads of webhook logs: the filtered list, shared by the log API and bulk replay."""

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.contrib.postgres.search import SearchQuery
from django.db.models import Exists, OuterRef, QuerySet

from hooklane.accounts.models import Organization
from hooklane.core.lookups import wildcard_to_like

from ..models import WebhookLog, WebhookLogSearch


@dataclass(frozen=True, kw_only=True)
class LogFilters:
    """What the log list and bulk replay select by; every field is optional."""

    providers: list[UUID] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    event_type: str = ""  # `*` is a wildcard: "invoice.*", "*.paid"
    received_after: datetime | None = None
    received_before: datetime | None = None
    q: str = ""  # full-text over payload values, header values, event id and type
    has_failed_attempts: bool | None = None  # any delivery attempt that was not a 2xx
    verifications: list[str] = field(default_factory=list)  # WebhookLog.Verification values
    verification_reasons: list[str] = field(default_factory=list)  # SignatureError.REASONS


def log_filter(
    queryset: QuerySet[WebhookLog], filters: LogFilters, *, organization: Organization | None = None
) -> QuerySet[WebhookLog]:
    """Apply LogFilters to a queryset that is already scoped to one organization; given that
    organization, a search reads one index (organization and words together)."""
    if filters.providers:
        queryset = queryset.filter(provider_id__in=filters.providers)
    if filters.statuses:
        queryset = queryset.filter(status__in=filters.statuses)
    if filters.event_type:
        if "*" in filters.event_type:
            queryset = queryset.filter(event_type__like=wildcard_to_like(filters.event_type))
        else:
            queryset = queryset.filter(event_type=filters.event_type)
    if filters.received_after:
        queryset = queryset.filter(received_at__gte=filters.received_after)
    if filters.received_before:
        queryset = queryset.filter(received_at__lt=filters.received_before)
    if filters.verifications:
        queryset = queryset.filter(verification__in=filters.verifications)
    if filters.verification_reasons:
        queryset = queryset.filter(verification_reason__in=filters.verification_reasons)
    if filters.has_failed_attempts is not None:
        queryset = queryset.filter(has_failed_attempts=filters.has_failed_attempts)
    if filters.q.strip():
        query = SearchQuery(filters.q.strip(), config="simple", search_type="websearch")
        documents = WebhookLogSearch.objects.filter(document=query)
        if organization is not None:
            documents = documents.filter(organization=organization)
        else:
            documents = documents.filter(organization_id=OuterRef("organization_id"))
        queryset = queryset.filter(Exists(documents.filter(log_id=OuterRef("pk"))))
    return queryset


def log_list(*, organization: Organization, filters: LogFilters) -> QuerySet[WebhookLog]:
    """The organization's logs matching the filters, newest first, without the heavy columns."""
    queryset = WebhookLog.objects.filter(organization=organization)
    return (
        log_filter(queryset, filters, organization=organization)
        .select_related("provider")
        .defer("body", "payload", "headers", "signature_headers", "body_sha256")
        .order_by("-received_at", "-id")
    )
