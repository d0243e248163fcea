"""GET /api/v1/provider-types/: every sender a provider can be created for."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from hooklane.core.serializers import ErrorOutput

from ..selectors.provider_types import provider_type_list
from ..serializers.provider_types import ProviderTypeOutput


class ProviderTypesView(APIView):
    # The same for every organization: any member or key may read it.
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Provider types",
        description=(
            "Every sender Hooklane verifies, by `name` (the `provider_name` of a provider), "
            "with its signature family, documentation link, setup text and handshake."
        ),
        responses={200: ProviderTypeOutput(many=True), 401: ErrorOutput},
        examples=[
            OpenApiExample(
                "GitHub",
                value=[
                    {
                        "name": "github",
                        "label": "GitHub",
                        "family": "hmac",
                        "verification": "verified",
                        "docs_url": "https://docs.github.com/en/webhooks/using-webhooks/"
                        "validating-webhook-deliveries",
                        "setup": "Paste the ingest URL as the Payload URL and the same secret "
                        "in both places; choose application/json.",
                        "secret_label": "Secret",
                        "signature_headers": ["x-hub-signature-256"],
                        "signs_timestamp": False,
                        "accepts_get": False,
                        "handshake": None,
                    }
                ],
                response_only=True,
            )
        ],
    )
    def get(self, request):
        return Response(ProviderTypeOutput(provider_type_list(), many=True).data)
