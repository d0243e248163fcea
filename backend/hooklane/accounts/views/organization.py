"""The caller's organization: members read it, admins rename it and set retention, staff
set its quotas."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from hooklane.accounts.models import Organization
from hooklane.accounts.quotas import QUOTA_FIELDS, organization_quota
from hooklane.accounts.serializers.organization import (
    OrganizationDetailOutput,
    OrganizationUpdateInput,
)
from hooklane.accounts.services import organization_update
from hooklane.core.permissions import StaffOnlyFields
from hooklane.core.viewsets import OrganizationScopedMixin, OrganizationScopedViewSet

from .schema import errors


class OrganizationViewSet(OrganizationScopedViewSet):
    """A singleton: `/organization/` is always the caller's own organization."""

    queryset = Organization.objects.all()
    organization_field = "pk"
    serializer_class = OrganizationDetailOutput
    permission_classes = [*OrganizationScopedMixin.permission_classes, StaffOnlyFields]
    staff_only_fields = QUOTA_FIELDS

    def get_object(self) -> Organization:
        organization = get_object_or_404(self.get_queryset())
        self.check_object_permissions(self.request, organization)
        return organization

    @staticmethod
    def _output(organization: Organization) -> dict:
        context = {"quota": organization_quota(organization=organization)}
        return OrganizationDetailOutput(organization, context=context).data

    @extend_schema(
        tags=["organization"],
        operation_id="organization_retrieve",
        summary="Your organization",
        responses={200: OrganizationDetailOutput, **errors(401)},
    )
    def retrieve(self, request):
        return Response(self._output(self.get_object()))

    @extend_schema(
        tags=["organization"],
        operation_id="organization_partial_update",
        summary="Change your organization (admins)",
        description="Rename it or set how many days webhook logs are kept (1 to 3650). "
        "Staff also set its quotas (`ingest_rate_per_second`, `ingest_rate_burst`, "
        "`stored_bytes_quota`; null for the deployment default, 0 for no limit); anyone "
        "else naming one gets 403. Ingest applies new quotas within a minute.",
        request=OrganizationUpdateInput,
        responses={200: OrganizationDetailOutput, **errors(400, 401, 403)},
    )
    def partial_update(self, request):
        organization = self.get_object()
        data = OrganizationUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        organization = organization_update(
            organization=organization, request=request, **data.validated_data
        )
        return Response(self._output(organization))
