"""Replay API: one log, a bulk replay job over the log filters, and the jobs' progress."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from hooklane.core.errors import ValidationFailed
from hooklane.core.serializers import ErrorOutput
from hooklane.core.viewsets import OrganizationScopedViewSet
from hooklane.webhooks.models import WebhookLog

from .. import selectors, services
from ..models import Destination, ReplayJob
from ..serializers.replay import (
    BulkReplayCountOutput,
    BulkReplayInput,
    LogReplayInput,
    LogReplayOutput,
    ReplayJobOutput,
)

_OBJECT_ERRORS = {401: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput}


def _destination(organization, destination_id) -> Destination | None:
    if destination_id is None:
        return None
    destination = selectors.destination_get(
        organization=organization, destination_id=destination_id
    )
    if destination is None:
        message = "Unknown destination."
        raise ValidationFailed(message, fields={"destination_id": [message]})
    return destination


class LogReplayViewSet(OrganizationScopedViewSet):
    """Mounted at logs/<id>/replay/ and logs/bulk-replay/ (see urls.py)."""

    queryset = WebhookLog.objects.select_related("organization")
    serializer_class = LogReplayOutput

    @extend_schema(
        tags=["logs"],
        operation_id="logs_replay",
        summary="Replay a webhook",
        description=(
            "Admins only. Delivers the stored request again, as a new cycle of attempts, to "
            "every destination that matches it now, or only to `destination_id`. Receivers "
            "see the same `webhook-id` as the first delivery. A paused destination holds it."
        ),
        request=LogReplayInput,
        responses={202: LogReplayOutput, 400: ErrorOutput, 409: ErrorOutput, **_OBJECT_ERRORS},
    )
    def replay(self, request, pk=None):
        log = self.get_object()
        data = LogReplayInput(data=request.data)
        data.is_valid(raise_exception=True)
        destination = _destination(self.organization, data.validated_data.get("destination_id"))
        count = services.log_replay(log=log, destination=destination, request=request)
        return Response({"deliveries": count}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        tags=["logs"],
        operation_id="logs_bulk_replay",
        summary="Replay every webhook a filter matches",
        description=(
            "Admins only. Takes the log list's filters. With `dry_run` it only counts the "
            "logs; otherwise it starts a background job (progress at /api/v1/jobs/{id}/) over "
            "the matching logs received until now. Rejected and duplicate webhooks are never "
            "replayed."
        ),
        request=BulkReplayInput,
        responses={
            200: BulkReplayCountOutput,
            202: ReplayJobOutput,
            400: ErrorOutput,
            401: ErrorOutput,
            403: ErrorOutput,
        },
        examples=[
            OpenApiExample(
                "Count last night's failed invoices",
                value={
                    "status": ["failed"],
                    "event_type": "invoice.*",
                    "received_after": "2026-01-01T00:00:00Z",
                    "dry_run": True,
                },
                request_only=True,
            )
        ],
    )
    def bulk_replay(self, request):
        data = BulkReplayInput(data=request.data)
        data.is_valid(raise_exception=True)
        filters = data.to_filters()
        destination = _destination(self.organization, data.validated_data.get("destination_id"))
        if data.validated_data["dry_run"]:
            count = services.log_bulk_replay_count(organization=self.organization, filters=filters)
            return Response({"count": count})
        job = services.replay_job_create(
            organization=self.organization,
            filters=filters,
            destination=destination,
            created_by=request.user,
            request=request,
        )
        return Response(ReplayJobOutput(job).data, status=status.HTTP_202_ACCEPTED)


class ReplayJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationScopedViewSet):
    queryset = ReplayJob.objects.all()
    serializer_class = ReplayJobOutput

    @extend_schema(
        summary="List background jobs",
        description=(
            "Newest first: bulk replays, provider resumes and deletes, destination deletes."
        ),
        responses={200: ReplayJobOutput(many=True), 401: ErrorOutput},
    )
    def list(self, request):
        return super().list(request)

    @extend_schema(
        summary="One background job",
        description=(
            "Progress is `done` of `total`: logs replayed (bulk replay; `replayed` counts "
            "deliveries), held logs released (provider resume), logs deleted (provider "
            "delete), deliveries and attempts detached (destination delete). `status` ends "
            "`done`, `failed` (see `error`) or `cancelled`."
        ),
        responses={200: ReplayJobOutput, **_OBJECT_ERRORS},
    )
    def retrieve(self, request, pk=None):
        return super().retrieve(request, pk=pk)

    @extend_schema(
        summary="Cancel a bulk replay job",
        description=(
            "Admins only. Stops after the current batch; what was replayed stays. A resume "
            "or delete job cannot be cancelled (409)."
        ),
        request=None,
        responses={200: ReplayJobOutput, 409: ErrorOutput, **_OBJECT_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        job = services.job_cancel(job=self.get_object(), request=request)
        return Response(ReplayJobOutput(job).data)
