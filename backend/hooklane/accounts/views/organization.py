"""The caller's organization: members read it, admins rename it and set retention."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from hooklane.accounts.models import Organization
from hooklane.accounts.serializers.organization import OrganizationOutput, OrganizationUpdateInput
from hooklane.accounts.services import organization_update
from hooklane.core.viewsets import OrganizationScopedViewSet

from .schema import errors


class OrganizationViewSet(OrganizationScopedViewSet):
    """A singleton: `/organization/` is always the caller's own organization."""

    queryset = Organization.objects.all()
    organization_field = "pk"
    serializer_class = OrganizationOutput

    def get_object(self) -> Organization:
        organization = get_object_or_404(self.get_queryset())
        self.check_object_permissions(self.request, organization)
        return organization

    @extend_schema(
        tags=["organization"],
        operation_id="organization_retrieve",
        summary="Your organization",
        responses={200: OrganizationOutput, **errors(401)},
    )
    def retrieve(self, request):
        return Response(OrganizationOutput(self.get_object()).data)

    @extend_schema(
        tags=["organization"],
        operation_id="organization_partial_update",
        summary="Change your organization (admins)",
        description="Rename it or set how many days webhook logs are kept (1 to 3650).",
        request=OrganizationUpdateInput,
        responses={200: OrganizationOutput, **errors(400, 401, 403)},
    )
    def partial_update(self, request):
        organization = self.get_object()
        data = OrganizationUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        organization = organization_update(
            organization=organization, request=request, **data.validated_data
        )
        return Response(OrganizationOutput(organization).data)
