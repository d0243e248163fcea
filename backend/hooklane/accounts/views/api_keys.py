"""API keys for scripts: admins create (the secret is shown once) and revoke them."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from hooklane.accounts.models import ApiKey
from hooklane.accounts.serializers.api_keys import (
    ApiKeyCreatedOutput,
    ApiKeyCreateInput,
    ApiKeyOutput,
)
from hooklane.accounts.services import api_key_create, api_key_revoke
from hooklane.core.viewsets import OrganizationScopedViewSet

from .schema import errors

TAGS = ["api-keys"]


class ApiKeyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationScopedViewSet):
    queryset = ApiKey.objects.all()
    serializer_class = ApiKeyOutput

    def scope_queryset(self, queryset):
        return queryset.select_related("created_by")

    @extend_schema(
        tags=TAGS,
        summary="List API keys",
        description="Revoked and expired keys included; only the prefix of each secret.",
        responses={200: ApiKeyOutput(many=True), **errors(401)},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS, summary="An API key", responses={200: ApiKeyOutput, **errors(401, 404)}
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Create an API key (admins)",
        description="The response's `key` is the secret: it is shown this once and stored only "
        "as a hash. A `read` key cannot change anything; a `write` key acts with its "
        "creator's role.",
        request=ApiKeyCreateInput,
        responses={201: ApiKeyCreatedOutput, **errors(400, 401, 403)},
    )
    def create(self, request):
        data = ApiKeyCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        api_key, secret = api_key_create(
            created_by=request.user, request=request, **data.validated_data
        )
        api_key.key = secret
        return Response(ApiKeyCreatedOutput(api_key).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        summary="Revoke an API key (admins)",
        description="Requests with the key get 401 from now on. Revoking twice is harmless.",
        request=None,
        responses={200: ApiKeyOutput, **errors(401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return Response(
            ApiKeyOutput(api_key_revoke(api_key=self.get_object(), request=request)).data
        )
