"""The attempt timeline of one log: every delivery attempt to every destination."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from hooklane.core.pagination import CursorPagination
from hooklane.core.serializers import ErrorOutput
from hooklane.core.viewsets import OrganizationScopedViewSet
from hooklane.webhooks.models import WebhookLog

from .. import selectors
from ..serializers.attempts import DeliveryAttemptOutput


class OldestFirstCursorPagination(CursorPagination):
    ordering = ("created_at", "id")


class LogAttemptViewSet(OrganizationScopedViewSet):
    """Mounted at logs/<id>/attempts/ (see urls.py): the log is looked up in the caller's
    organization, so another organization's log is a 404 like a missing one."""

    queryset = WebhookLog.objects.only("id", "organization_id")
    serializer_class = DeliveryAttemptOutput
    pagination_class = OldestFirstCursorPagination

    @extend_schema(
        tags=["logs"],
        operation_id="logs_attempts_list",
        summary="The delivery attempts of a webhook",
        description=(
            "Oldest first, cursor-paginated, across every destination; `cycle` above 1 marks "
            "the attempts of a replay."
        ),
        responses={
            200: DeliveryAttemptOutput(many=True),
            400: ErrorOutput,
            401: ErrorOutput,
            404: ErrorOutput,
        },
    )
    @action(detail=True, methods=["get"])
    def attempts(self, request, pk=None):
        log = self.get_object()
        page = self.paginate_queryset(selectors.log_attempts(log_id=log.id))
        return self.get_paginated_response(DeliveryAttemptOutput(page, many=True).data)
