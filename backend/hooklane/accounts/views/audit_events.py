"""The audit log: who did what, to what, from where and when (admins only, read-only)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.permissions import IsAuthenticated

from hooklane.accounts.models import AuditEvent
from hooklane.accounts.serializers.audit_events import AuditEventOutput
from hooklane.core.permissions import HasWriteScope, IsOrgAdmin
from hooklane.core.viewsets import OrganizationScopedViewSet

from .schema import errors


class AuditEventViewSet(mixins.ListModelMixin, OrganizationScopedViewSet):
    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventOutput
    permission_classes = [IsAuthenticated, HasWriteScope, IsOrgAdmin]

    def scope_queryset(self, queryset):
        action = self.request.query_params.get("action")
        return queryset.filter(action=action) if action else queryset

    @extend_schema(
        tags=["audit-events"],
        summary="List audit events (admins)",
        description="Newest first, cursor-paginated.",
        parameters=[
            OpenApiParameter(
                "action", str, enum=AuditEvent.Action.values, description="Only this action"
            )
        ],
        responses={200: AuditEventOutput(many=True), **errors(401, 403)},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
