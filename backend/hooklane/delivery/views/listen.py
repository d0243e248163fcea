"""The listen-session API behind `hooklane listen`: admins with write access start a session
(its signing secret shown once) and report each local answer, recorded as an attempt."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from hooklane.core.serializers import ErrorOutput
from hooklane.core.viewsets import OrganizationScopedViewSet

from .. import services
from ..models import ListenSession
from ..serializers.attempts import DeliveryAttemptOutput
from ..serializers.listen import (
    ListenAttemptInput,
    ListenSessionCreatedOutput,
    ListenSessionCreateInput,
    ListenSessionOutput,
)

_ERRORS = {400: ErrorOutput, 401: ErrorOutput, 403: ErrorOutput}


class ListenSessionViewSet(mixins.RetrieveModelMixin, OrganizationScopedViewSet):
    queryset = ListenSession.objects.all()
    serializer_class = ListenSessionOutput

    @extend_schema(
        tags=["listen"],
        summary="One listen session",
        responses={200: ListenSessionOutput, 401: ErrorOutput, 404: ErrorOutput},
    )
    def retrieve(self, request, pk=None):
        return super().retrieve(request, pk=pk)

    @extend_schema(
        tags=["listen"],
        summary="Start a listen session",
        description=(
            "Admins with write access (what `hooklane listen` does when it starts). The "
            "response carries `signing_secret`, the `whsec_` secret the CLI signs the "
            "requests to the local port with, this once. A session no answer was reported "
            "to for `LISTEN_SESSION_IDLE_SECONDS` expires (410 `session_expired`)."
        ),
        request=ListenSessionCreateInput,
        responses={201: ListenSessionCreatedOutput, **_ERRORS},
    )
    def create(self, request):
        data = ListenSessionCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.listen_session_create(
            organization=self.organization, request=request, **data.validated_data
        )
        return Response(ListenSessionCreatedOutput(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=["listen"],
        summary="Report a local answer",
        description=(
            "Records the local port's answer to one webhook as an attempt on the log's "
            "timeline (`listen_session_id` set). Once per session and log: a report sent "
            "again answers 200 with the first one."
        ),
        request=ListenAttemptInput,
        responses={
            200: DeliveryAttemptOutput,
            201: DeliveryAttemptOutput,
            404: ErrorOutput,
            410: ErrorOutput,
            **_ERRORS,
        },
    )
    @action(detail=True, methods=["post"])
    def attempts(self, request, pk=None):
        session = self.get_object()
        data = ListenAttemptInput(data=request.data)
        data.is_valid(raise_exception=True)
        attempt, created = services.listen_attempt_record(session=session, **data.validated_data)
        return Response(
            DeliveryAttemptOutput(attempt).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        tags=["listen"],
        summary="Keep a listen session alive",
        request=None,
        responses={200: ListenSessionOutput, 404: ErrorOutput, 410: ErrorOutput, **_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def touch(self, request, pk=None):
        session = services.listen_session_touch(session=self.get_object())
        return Response(ListenSessionOutput(session).data)
