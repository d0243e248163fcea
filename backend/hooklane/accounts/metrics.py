"""The `organization` label of per-organization metrics, bounded by an opt-in list.

Only the organizations named in METRICS_ORGANIZATIONS (slugs, at most
METRICS_ORGANIZATIONS_MAX) get a label of their own; every other organization counts as
`other`. A series per tenant would grow without bound with the tenants, and Prometheus
keeps every series it ever saw.
"""

import time

from django.conf import settings

from .models import Organization

OTHER = "other"
# A worker looks an organization's slug up once, then again after this long (a renamed
# slug shows by then).
_SLUG_SECONDS = 300.0
_slugs: dict = {}  # organization id -> (slug, monotonic time it expires)


def organization_label(slug: str) -> str:
    """The label for an organization known by its slug."""
    return slug if slug in settings.METRICS_ORGANIZATIONS else OTHER


def organization_label_by_id(organization_id) -> str:
    """The label for an organization known by its id: no query while no organization is
    opted in, then one per organization every few minutes in each process."""
    if not settings.METRICS_ORGANIZATIONS:
        return OTHER
    now = time.monotonic()
    cached = _slugs.get(organization_id)
    if cached is None or cached[1] <= now:
        slug = Organization.objects.filter(pk=organization_id).values_list("slug", flat=True)
        cached = _slugs[organization_id] = (slug.first() or "", now + _SLUG_SECONDS)
    return organization_label(cached[0])
