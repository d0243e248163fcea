"""The providers API, with the two writes that run as background jobs: resume (releasing
the held logs) and delete (the logs, then the provider). The rest is the webhooks app's
viewset; delivery mounts the providers routes because the jobs are its ReplayJob."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from hooklane.core.serializers import ErrorOutput
from hooklane.webhooks.views.providers import ProviderViewSet as WebhooksProviderViewSet

from .. import services
from ..serializers.replay import ReplayJobOutput

_OBJECT_ERRORS = {401: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput}


class ProviderViewSet(WebhooksProviderViewSet):
    http_method_names = [*WebhooksProviderViewSet.http_method_names, "delete"]

    @extend_schema(
        summary="Delete a provider",
        description=(
            "Admins only. At once its ingest URL answers 404 and it leaves every list; a "
            "background job (progress at /api/v1/jobs/{id}/, `done` of `total` logs) then "
            "deletes its logs, with their deliveries and attempts, and the provider."
        ),
        request=None,
        responses={202: ReplayJobOutput, **_OBJECT_ERRORS},
    )
    def destroy(self, request, pk=None):
        job = services.provider_delete_start(
            provider=self.get_object(), created_by=request.user, request=request
        )
        return Response(ReplayJobOutput(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Resume a paused provider",
        description=(
            "Admins only. New webhooks are processed at once; a background job (progress at "
            "/api/v1/jobs/{id}/, `done` of `total` held logs) queues the webhooks held while "
            "it was paused. 409 when the provider is not paused."
        ),
        request=None,
        responses={202: ReplayJobOutput, 409: ErrorOutput, **_OBJECT_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        job = services.provider_resume_start(
            provider=self.get_object(), created_by=request.user, request=request
        )
        return Response(ReplayJobOutput(job).data, status=status.HTTP_202_ACCEPTED)
