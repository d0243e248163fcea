"""GET /api/v1/stats/: counts and a time series for the dashboard's charts."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from hooklane.core.serializers import ErrorOutput

from ..selectors import log_stats
from ..serializers.stats import StatsInput, StatsOutput


class StatsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Webhook counts and a time series",
        description="Counts by status, provider and event type, and received / delivered / "
        "failed per bucket (zero-filled) for the caller's organization.",
        parameters=[StatsInput],
        responses={200: StatsOutput, 400: ErrorOutput},
    )
    def get(self, request):
        params = StatsInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        stats = log_stats(organization=request.user.organization, **params.validated_data)
        return Response(StatsOutput(stats).data)
