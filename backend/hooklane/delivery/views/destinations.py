"""The destinations API: members read, admins create, change, pause, resume, rotate, delete."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from hooklane.core.errors import NotFound
from hooklane.core.permissions import HasWriteScope
from hooklane.core.serializers import ErrorOutput
from hooklane.core.viewsets import OrganizationScopedViewSet

from .. import console, selectors, services
from ..models import Destination
from ..serializers.attempts import AttemptsQueryInput, DeliveryAttemptOutput
from ..serializers.destinations import (
    DestinationCreatedOutput,
    DestinationCreateInput,
    DestinationOutput,
    DestinationResumeOutput,
    DestinationRotateSecretInput,
    DestinationSecretOutput,
    DestinationUpdateInput,
)
from ..serializers.expressions import (
    FilterTestInput,
    FilterTestOutput,
    TransformPreviewInput,
    TransformPreviewOutput,
)
from ..serializers.replay import ReplayJobOutput

_WRITE_ERRORS = {400: ErrorOutput, 401: ErrorOutput, 403: ErrorOutput}
_OBJECT_ERRORS = {401: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput}
_CREATE_EXAMPLE = OpenApiExample(
    "Invoices to the billing service",
    value={
        "name": "Billing service",
        "url": "https://billing.example.com/hooks/stripe",
        "event_types": ["invoice.*"],
        "headers": {"Authorization": "Bearer …"},
    },
    request_only=True,
)

_READ_ERRORS = {400: ErrorOutput, 401: ErrorOutput, 404: ErrorOutput}
_FILTER_EXAMPLE = OpenApiExample(
    "A GitHub push to main, against a stored log",
    value={
        "expression": 'headers["x-github-event"] == "push" && body.ref == "refs/heads/main"',
        "log_id": "6f1c0a8e-4a7b-4c1e-9d55-0c3f3f1f2a10",
    },
    request_only=True,
)
_FILTER_PASTED_EXAMPLE = OpenApiExample(
    "Large Stripe charges, against a pasted body",
    value={
        "expression": "body.data.object.amount >= 1000",
        "body": {"type": "charge.succeeded", "data": {"object": {"amount": 2500}}},
    },
    request_only=True,
)
_PREVIEW_EXAMPLE = OpenApiExample(
    "A Slack message from a Stripe charge",
    value={
        "transformation": '{"body": {"text": "Charge of " & $string(body.data.object.amount)},'
        ' "path": "/services/T000/B000"}',
        "body": {"type": "charge.succeeded", "data": {"object": {"amount": 2500}}},
    },
    request_only=True,
)


# No `update` (PUT): a partial PATCH is the one way to change a destination.
class DestinationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationScopedViewSet
):
    # A destination being deleted is gone for its organization from the first request on.
    queryset = Destination.objects.filter(deleted_at__isnull=True).select_related("organization")
    serializer_class = DestinationOutput

    def scope_queryset(self, queryset):
        return queryset.prefetch_related("providers").order_by("-created_at", "-id")

    @extend_schema(
        summary="List destinations",
        description="Every destination of the organization, newest first.",
        responses={200: DestinationOutput(many=True), 401: ErrorOutput},
    )
    def list(self, request):
        return super().list(request)

    @extend_schema(summary="One destination", responses={200: DestinationOutput, **_OBJECT_ERRORS})
    def retrieve(self, request, pk=None):
        return super().retrieve(request, pk=pk)

    @extend_schema(
        summary="Create a destination",
        description=(
            "Admins only. The URL must be http or https and, unless the deployment allows "
            "private destinations, resolve only to public addresses. The response carries "
            "`signing_secret` (a `whsec_` Standard Webhooks secret) this once."
        ),
        request=DestinationCreateInput,
        responses={201: DestinationCreatedOutput, **_WRITE_ERRORS},
        examples=[_CREATE_EXAMPLE],
    )
    def create(self, request):
        data = DestinationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        destination = services.destination_create(
            organization=self.organization, request=request, **data.validated_data
        )
        output = DestinationCreatedOutput(destination).data
        return Response(output, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a destination",
        description=(
            "Admins only. Only the fields given change; `headers` replaces every extra "
            "header. Pause and resume have their own actions."
        ),
        request=DestinationUpdateInput,
        responses={200: DestinationOutput, 400: ErrorOutput, **_OBJECT_ERRORS},
    )
    def partial_update(self, request, pk=None):
        destination = self.get_object()
        data = DestinationUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        destination = services.destination_update(
            destination=destination, request=request, **data.validated_data
        )
        return Response(DestinationOutput(destination).data)

    def _sample(self, data: dict) -> console.Sample:
        if data.get("log_id"):
            log = selectors.log_for_expressions(
                organization=self.organization, log_id=data["log_id"]
            )
            return console.sample_from_log(log)
        return console.sample_from_parts(
            body=data.get("body"),
            headers=data.get("headers"),
            provider=data.get("provider", ""),
            event_type=data.get("event_type", ""),
        )

    @extend_schema(
        summary="Test a filter",
        description=(
            "Runs a CEL filter as the worker would, over one of the organization's stored "
            "logs (`log_id`; another organization's is a 404) or over a request given in parts "
            "(`body`, `headers`, `provider`, `event_type`). Nothing is saved or sent; members "
            "may use it (API keys need the write scope, as for every POST). `matches` is "
            "whether the webhook would be sent, `reason` says why not (for `a && b`, the "
            "first operand that is not true), "
            "`error` carries the message, line and column of a syntax or runtime error. A key "
            "the request lacks does not match (test for it with `has(body.x)`). Examples: "
            '`body.data.object.amount >= 1000`, `headers["x-github-event"] == "push" && '
            'body.ref == "refs/heads/main"`.'
        ),
        request=FilterTestInput,
        responses={200: FilterTestOutput, **_READ_ERRORS},
        examples=[_FILTER_EXAMPLE, _FILTER_PASTED_EXAMPLE],
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="filter-test",
        permission_classes=[IsAuthenticated, HasWriteScope],
    )
    def filter_test(self, request):
        data = FilterTestInput(data=request.data)
        data.is_valid(raise_exception=True)
        found = console.filter_test(
            expression=data.validated_data["expression"], sample=self._sample(data.validated_data)
        )
        return Response(FilterTestOutput(found).data)

    @extend_schema(
        summary="Preview a transformation",
        description=(
            "Runs a JSONata transformation as the worker would, over a stored log (`log_id`) "
            "or a request given in parts, and answers the request before and after: body, "
            "content type, headers and the path appended to the URL (with `destination_id`, "
            "the whole URL). Nothing is saved or sent; members may use it "
            "(API keys need the write scope, as for every POST). `error` carries the "
            "message, line and column of a failure (the worker "
            "records such an attempt as `transform_error`)."
        ),
        request=TransformPreviewInput,
        responses={200: TransformPreviewOutput, **_READ_ERRORS},
        examples=[_PREVIEW_EXAMPLE],
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="transform-preview",
        permission_classes=[IsAuthenticated, HasWriteScope],
    )
    def transform_preview(self, request):
        data = TransformPreviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        url = ""
        if data.validated_data.get("destination_id"):
            destination = (
                self.get_queryset().filter(pk=data.validated_data["destination_id"]).first()
            )
            if destination is None:
                raise NotFound("No such destination.")
            url = destination.url
        found = console.transform_preview(
            transformation=data.validated_data["transformation"],
            sample=self._sample(data.validated_data),
            url=url,
        )
        return Response(TransformPreviewOutput(found).data)

    @extend_schema(
        summary="Delete a destination",
        description=(
            "Admins only. At once the destination stops receiving and leaves every list; a "
            "background job (progress at /api/v1/jobs/{id}/) then cancels its unfinished "
            "deliveries and deletes it. Past attempts stay in the logs' history."
        ),
        responses={202: ReplayJobOutput, **_OBJECT_ERRORS},
    )
    def destroy(self, request, pk=None):
        job = services.destination_delete_start(
            destination=self.get_object(), created_by=request.user, request=request
        )
        return Response(ReplayJobOutput(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Pause a destination",
        description="Admins only. Nothing is sent; deliveries that come due are held.",
        request=None,
        responses={200: DestinationOutput, **_OBJECT_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        destination = services.destination_pause(destination=self.get_object(), request=request)
        return Response(DestinationOutput(destination).data)

    @extend_schema(
        summary="Resume a destination",
        description="Admins only. Sends again, starting with every held delivery.",
        request=None,
        responses={200: DestinationResumeOutput, **_OBJECT_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        destination = self.get_object()
        released = services.destination_resume(destination=destination, request=request)
        destination.released = released
        return Response(DestinationResumeOutput(destination).data)

    @extend_schema(
        summary="Rotate the signing secret",
        description=(
            "Admins only. Returns the new secret once. The previous one keeps signing beside "
            "it (a second `v1,` signature) for `previous_valid_seconds`, 24 hours by default, "
            "so receivers can switch without rejecting a forward."
        ),
        request=DestinationRotateSecretInput,
        responses={200: DestinationSecretOutput, 400: ErrorOutput, **_OBJECT_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        destination = self.get_object()
        data = DestinationRotateSecretInput(data=request.data)
        data.is_valid(raise_exception=True)
        secret = services.destination_rotate_secret(
            destination=destination, request=request, **data.validated_data
        )
        return Response(
            DestinationSecretOutput(
                {
                    "signing_secret": secret,
                    "previous_secret_expires_at": destination.previous_secret_expires_at,
                }
            ).data
        )

    @extend_schema(
        summary="Latest attempts of a destination",
        description="Newest first; `cycle` above 1 marks attempts of a replay.",
        parameters=[
            OpenApiParameter("limit", int, description="How many (1-200, default 50)"),
        ],
        responses={200: DeliveryAttemptOutput(many=True), 400: ErrorOutput, **_OBJECT_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def attempts(self, request, pk=None):
        destination = self.get_object()
        query = AttemptsQueryInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        attempts = selectors.destination_attempts(
            destination=destination, limit=query.validated_data["limit"]
        )
        return Response(DeliveryAttemptOutput(attempts, many=True).data)
