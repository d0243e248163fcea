"""The destinations API: members read, admins create, change, pause, resume, rotate, delete."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from hooklane.core.serializers import ErrorOutput
from hooklane.core.viewsets import OrganizationScopedViewSet

from .. import selectors, services
from ..models import Destination
from ..serializers.attempts import AttemptsQueryInput, DeliveryAttemptOutput
from ..serializers.destinations import (
    CircuitDetailOutput,
    CircuitOutput,
    DestinationCreatedOutput,
    DestinationCreateInput,
    DestinationOutput,
    DestinationResumeOutput,
    DestinationRotateSecretInput,
    DestinationSecretOutput,
    DestinationUpdateInput,
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

    @extend_schema(
        summary="Circuit breaker of a destination",
        description=(
            "Its state (closed: attempts go out; open: they wait, one probe every "
            "`circuit_probe_seconds`; half_open: the probe is on its way) and its latest "
            "transitions, newest first."
        ),
        responses={200: CircuitDetailOutput, **_OBJECT_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def circuit(self, request, pk=None):
        destination = self.get_object()
        return Response(_circuit_detail(destination))

    @extend_schema(
        summary="Close the circuit",
        operation_id="destinations_circuit_reset",
        description=(
            "Admins only. Closes the circuit and clears the failure count: the deliveries "
            "that waited go out at once (at the rate limit, if any). Audited."
        ),
        request=None,
        responses={200: CircuitDetailOutput, **_OBJECT_ERRORS},
    )
    @circuit.mapping.post
    def circuit_reset(self, request, pk=None):
        destination = services.circuit_reset(destination=self.get_object(), request=request)
        return Response(_circuit_detail(destination))


def _circuit_detail(destination: Destination) -> dict:
    return CircuitDetailOutput(
        {
            **CircuitOutput.of(destination),
            "transitions": selectors.destination_circuit_transitions(destination=destination),
        }
    ).data
