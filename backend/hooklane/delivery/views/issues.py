"""The issues and notification channels APIs: members read, admins act and configure."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from hooklane.core.serializers import ErrorOutput
from hooklane.core.viewsets import OrganizationScopedViewSet

from .. import selectors, services
from ..models import Issue, NotificationChannel
from ..serializers.issues import (
    IssueListQueryInput,
    IssueOutput,
    NotificationChannelCreatedOutput,
    NotificationChannelCreateInput,
    NotificationChannelOutput,
    NotificationChannelTestOutput,
    NotificationChannelUpdateInput,
)

_OBJECT_ERRORS = {401: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput}
_ACTION_ERRORS = {**_OBJECT_ERRORS, 409: ErrorOutput}


class IssueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationScopedViewSet):
    queryset = Issue.objects.all()
    serializer_class = IssueOutput

    def scope_queryset(self, queryset):
        if self.action != "list":
            return queryset.select_related("destination", "acknowledged_by", "resolved_by")
        query = IssueListQueryInput(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.issues_filtered(queryset, filters=query.validated_data)

    @extend_schema(
        summary="List issues",
        description=(
            "Failures grouped per destination and kind, newest first. Filters: `state` and "
            "`kind` (comma-separated), `destination` (an id)."
        ),
        parameters=[IssueListQueryInput],
        responses={200: IssueOutput(many=True), 400: ErrorOutput, 401: ErrorOutput},
    )
    def list(self, request):
        return super().list(request)

    @extend_schema(summary="One issue", responses={200: IssueOutput, **_OBJECT_ERRORS})
    def retrieve(self, request, pk=None):
        return super().retrieve(request, pk=pk)

    @extend_schema(
        summary="Acknowledge an issue",
        description="Admins only. An open issue becomes acknowledged: channels hear no more of it.",
        request=None,
        responses={200: IssueOutput, **_ACTION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        issue = services.issue_acknowledge(issue=self.get_object(), request=request)
        return Response(IssueOutput(issue).data)

    @extend_schema(
        summary="Resolve an issue",
        description=(
            "Admins only. A successful delivery resolves an issue by itself; a failure of the "
            "same kind after that opens a new issue."
        ),
        request=None,
        responses={200: IssueOutput, **_ACTION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        issue = services.issue_resolve(issue=self.get_object(), request=request)
        return Response(IssueOutput(issue).data)


_CHANNEL_EXAMPLE = OpenApiExample(
    "Server errors to Slack",
    value={
        "name": "#ops",
        "type": "slack",
        "url": "https://hooks.slack.com/services/T000/B000/XXXX",
        "issue_kinds": ["http_5xx", "timeout"],
    },
    request_only=True,
)


class NotificationChannelViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationScopedViewSet
):
    queryset = NotificationChannel.objects.select_related("organization")
    serializer_class = NotificationChannelOutput
    pagination_class = None  # a handful per organization

    def scope_queryset(self, queryset):
        return queryset.order_by("name", "id")

    @extend_schema(
        summary="List notification channels",
        responses={200: NotificationChannelOutput(many=True), 401: ErrorOutput},
    )
    def list(self, request):
        return super().list(request)

    @extend_schema(
        summary="One notification channel",
        responses={200: NotificationChannelOutput, **_OBJECT_ERRORS},
    )
    def retrieve(self, request, pk=None):
        return super().retrieve(request, pk=pk)

    @extend_schema(
        summary="Create a notification channel",
        description=(
            "Admins only. `email` takes `emails` (none: the organization's admins); `slack`, "
            "`discord`, `teams` and `webhook` take the `url` to post to (https, checked like a "
            "destination's). The URL is stored encrypted and shown only as `url_hint`. A "
            "`webhook` channel's response carries `signing_secret` this once."
        ),
        request=NotificationChannelCreateInput,
        responses={
            201: NotificationChannelCreatedOutput,
            400: ErrorOutput,
            401: ErrorOutput,
            403: ErrorOutput,
        },
        examples=[_CHANNEL_EXAMPLE],
    )
    def create(self, request):
        data = NotificationChannelCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        channel = services.channel_create(
            organization=self.organization, request=request, **data.validated_data
        )
        return Response(
            NotificationChannelCreatedOutput(channel).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Change a notification channel",
        description="Admins only. Only the fields given change; the type stays.",
        request=NotificationChannelUpdateInput,
        responses={200: NotificationChannelOutput, 400: ErrorOutput, **_OBJECT_ERRORS},
    )
    def partial_update(self, request, pk=None):
        channel = self.get_object()
        data = NotificationChannelUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        channel = services.channel_update(channel=channel, request=request, **data.validated_data)
        return Response(NotificationChannelOutput(channel).data)

    @extend_schema(
        summary="Delete a notification channel",
        request=None,
        responses={204: None, **_OBJECT_ERRORS},
    )
    def destroy(self, request, pk=None):
        services.channel_delete(channel=self.get_object(), request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Send a test message",
        description=(
            "Admins only. Sends a sample issue message to the channel now and answers whether "
            "it was taken (an email: handed to the mail server)."
        ),
        request=None,
        responses={200: NotificationChannelTestOutput, **_OBJECT_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        outcome = services.channel_test(channel=self.get_object(), request=request)
        return Response(
            NotificationChannelTestOutput(
                {
                    "delivered": outcome.delivered,
                    "status_code": outcome.status_code,
                    "error": outcome.error,
                }
            ).data
        )
