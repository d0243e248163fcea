"""The base every tenant API inherits: its queryset is always the caller's organization's.

Another organization's object is therefore a 404, never a 403, and never in a list.
Subclasses declare `queryset` (and `organization_field` when the path differs); they may
not override `get_queryset`. A deliberate unscoped read must be named `dangerously_...`.
"""

from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from . import logs
from .permissions import HasWriteScope, IsOrgAdminOrReadOnly

UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


class OrganizationScopedMixin:
    organization_field = "organization"
    # Every tenant model has a UUID key: anything else in the id position is no route at all.
    lookup_value_regex = UUID_PATTERN
    permission_classes = [IsAuthenticated, HasWriteScope, IsOrgAdminOrReadOnly]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(
                f"{cls.__name__} overrides get_queryset; scope with `queryset` / "
                "`organization_field`, or filter in `scope_queryset`"
            )

    @property
    def organization(self):
        return self.request.user.organization

    def perform_authentication(self, request):
        super().perform_authentication(request)
        # From here on every log line of the request names the caller's organization.
        organization_id = getattr(request.user, "organization_id", None)
        if organization_id is not None:
            logs.bind(organization_id=organization_id)

    def scope_queryset(self, queryset):
        """Hook for extra filtering/select_related on top of the tenant filter."""
        return queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        queryset = queryset.filter(**{self.organization_field: self.request.user.organization_id})
        return self.scope_queryset(queryset)


class OrganizationScopedViewSet(OrganizationScopedMixin, viewsets.GenericViewSet):
    """GenericViewSet scoped to the caller's organization; add the mixins you need."""


class OrganizationScopedModelViewSet(OrganizationScopedMixin, viewsets.ModelViewSet):
    """ModelViewSet scoped to the caller's organization."""
