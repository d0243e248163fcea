"""The log API: list with filters and search, detail, and the raw stored bytes."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from hooklane.core.pagination import CursorPagination
from hooklane.core.permissions import acts_as_admin_with_write
from hooklane.core.serializers import ErrorOutput
from hooklane.core.viewsets import OrganizationScopedViewSet

from ..models import WebhookLog
from ..selectors import log_list
from ..serializers.logs import (
    LogDetailOutput,
    LogFilterInput,
    LogReverifyInput,
    LogReverifyOutput,
    LogSummaryOutput,
)
from ..services import log_reverify


class LogCursorPagination(CursorPagination):
    ordering = "-received_at"


class LogViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationScopedViewSet):
    queryset = WebhookLog.objects.select_related("provider").defer("body_sha256")
    pagination_class = LogCursorPagination

    @extend_schema(
        summary="List webhook logs",
        description=(
            "Newest first, cursor-paginated. Filters combine with AND; `q` searches payload "
            "values, header values, the event id and type (PostgreSQL full-text, `simple` "
            "configuration; quotes for phrases, `-word` to exclude, `or` between words). A "
            "search that runs past API_STATEMENT_TIMEOUT_MS (10 s) is cancelled: 503 "
            "`query_timeout`; narrow the filters and try again."
        ),
        parameters=[LogFilterInput],
        responses={200: LogSummaryOutput(many=True), 400: ErrorOutput, 503: ErrorOutput},
    )
    def list(self, request):
        filters = LogFilterInput(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = log_list(organization=self.organization, filters=filters.to_filters())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(LogSummaryOutput(page, many=True).data)

    @extend_schema(
        summary="One webhook log with its headers and parsed payload",
        description=(
            "Its delivery attempts are at /api/v1/logs/{id}/attempts/. Signature headers are "
            "`[redacted]` unless the caller is an admin with write access (a session or a "
            "write-scoped key), so a reader cannot send the request again."
        ),
        responses={200: LogDetailOutput, 404: ErrorOutput},
    )
    def retrieve(self, request, pk=None):
        return super().retrieve(request, pk=pk)

    def get_serializer_class(self):
        if self.action == "reverify":
            return LogReverifyInput
        return LogDetailOutput

    def get_serializer_context(self):
        # A reader sees the body but not the signature that would let them send it again.
        return {
            **super().get_serializer_context(),
            "show_signatures": acts_as_admin_with_write(self.request),
        }

    @extend_schema(
        summary="The stored request body, byte for byte",
        description=(
            "Served with the content type it arrived with, as an attachment and with a "
            "sandboxing Content-Security-Policy, so a hostile body cannot run in the browser."
        ),
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            404: ErrorOutput,
        },
    )
    @action(detail=True, methods=["get"], url_path="raw")
    def raw(self, request, pk=None):
        log = self.get_object()
        response = HttpResponse(
            bytes(log.body), content_type=log.content_type or "application/octet-stream"
        )
        response["Content-Disposition"] = f'attachment; filename="webhook-{log.id}.bin"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response

    @extend_schema(
        summary="Check a rejected webhook's signature again",
        description=(
            "Admins only. Verifies the stored raw body and signature headers against the "
            "provider's current secrets, or against `secret` when given (never stored or "
            "logged); timestamps count from when the request arrived. When it verifies, the "
            "log goes on like any accepted webhook (`received`, or `held` while the provider "
            "is paused; `duplicate` when its event id was accepted meanwhile). 409 when the "
            "log is not rejected."
        ),
        request=LogReverifyInput,
        responses={
            200: LogReverifyOutput,
            400: ErrorOutput,
            401: ErrorOutput,
            403: ErrorOutput,
            404: ErrorOutput,
            409: ErrorOutput,
        },
        examples=[
            OpenApiExample(
                "With the secret the sender shows",
                value={"secret": "whsec_…"},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def reverify(self, request, pk=None):
        log = self.get_object()
        data = LogReverifyInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = log_reverify(
            log=log, secret=data.validated_data.get("secret") or None, request=request
        )
        return Response(
            {
                "verified": result.verified,
                "reason": result.reason,
                "detail": result.detail,
                "log": LogSummaryOutput(result.log).data,
            }
        )
