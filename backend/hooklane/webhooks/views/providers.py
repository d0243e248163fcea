"""The providers API: members read, admins create, change, pause and rotate. Resume and
delete run as background jobs, which delivery owns: it extends this viewset
(delivery/views/providers.py) and mounts the providers routes."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from hooklane.core.serializers import ErrorOutput
from hooklane.core.viewsets import OrganizationScopedModelViewSet

from ..models import WebhookProvider
from ..selectors import provider_list
from ..serializers.providers import (
    ProviderCreateInput,
    ProviderFilterInput,
    ProviderOutput,
    ProviderRotateSecretInput,
    ProviderUpdateInput,
)
from ..services import provider_create, provider_rotate_secret, provider_update

_WRITE_ERRORS = {400: ErrorOutput, 401: ErrorOutput, 403: ErrorOutput}
_OBJECT_ERRORS = {401: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput}
_CREATE_EXAMPLE = OpenApiExample(
    "A GitHub provider",
    value={"provider_name": "github", "display_name": "GitHub org hooks", "signing_secret": "…"},
    request_only=True,
)


class ProviderViewSet(OrganizationScopedModelViewSet):
    # A provider being deleted is gone for its organization from the first request on.
    queryset = WebhookProvider.objects.filter(deleted_at__isnull=True).select_related(
        "organization"
    )
    serializer_class = ProviderOutput
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(
        summary="List providers",
        description=(
            "The organization's webhook sources, newest first, cursor-paginated, each with its "
            "URL; `search` matches words of the display name, `provider_name` the type."
        ),
        parameters=[ProviderFilterInput],
        responses={200: ProviderOutput(many=True), 400: ErrorOutput, 401: ErrorOutput},
    )
    def list(self, request):
        filters = ProviderFilterInput(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = self.paginate_queryset(
            provider_list(organization=self.organization, **filters.validated_data)
        )
        return self.get_paginated_response(ProviderOutput(page, many=True).data)

    @extend_schema(
        summary="One provider",
        responses={200: ProviderOutput, **_OBJECT_ERRORS},
    )
    def retrieve(self, request, pk=None):
        return super().retrieve(request, pk=pk)

    @extend_schema(
        summary="Create a provider",
        description=(
            "Admins only. Returns the provider with its `ingest_url`; the signing secret is "
            "stored and never returned."
        ),
        request=ProviderCreateInput,
        responses={201: ProviderOutput, **_WRITE_ERRORS},
        examples=[_CREATE_EXAMPLE],
    )
    def create(self, request):
        data = ProviderCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        provider = provider_create(
            organization=self.organization, request=request, **data.validated_data
        )
        return Response(ProviderOutput(provider).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change or pause a provider",
        description=(
            "Admins only. `is_active: false` pauses: webhooks are still verified and stored, "
            "with status `held`. Resuming is `POST /api/v1/providers/{id}/resume/` (here "
            "`is_active: true` is a 400). The secret changes only through rotate-secret."
        ),
        request=ProviderUpdateInput,
        responses={200: ProviderOutput, 400: ErrorOutput, **_OBJECT_ERRORS},
    )
    def partial_update(self, request, pk=None):
        provider = self.get_object()
        data = ProviderUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        provider = provider_update(provider=provider, request=request, **data.validated_data)
        return Response(ProviderOutput(provider).data)

    @extend_schema(
        summary="Rotate the signing secret",
        description=(
            "Admins only. The new secret verifies at once; the previous one keeps verifying "
            "for PROVIDER_SECRET_GRACE_SECONDS (24 hours by default), so the sender can switch."
        ),
        request=ProviderRotateSecretInput,
        responses={200: ProviderOutput, 400: ErrorOutput, **_OBJECT_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        provider = self.get_object()
        data = ProviderRotateSecretInput(data=request.data)
        data.is_valid(raise_exception=True)
        provider = provider_rotate_secret(
            provider=provider, request=request, signing_secret=data.validated_data["signing_secret"]
        )
        return Response(ProviderOutput(provider).data)
