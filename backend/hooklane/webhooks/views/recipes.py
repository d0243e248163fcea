"""POST /api/v1/recipes/explain/: the custom-scheme console. An admin pastes a sample
request and a recipe and sees each verification step's result."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from hooklane.core.permissions import HasWriteScope, IsOrgAdmin
from hooklane.core.serializers import ErrorOutput

from ..selectors.recipes import recipe_explain
from ..serializers.recipes import RecipeExplainInput, RecipeExplainOutput
from ..validation import recipe_clean


class RecipeExplainView(APIView):
    # Admins compose recipes; the secret pasted here is as sensitive as a provider's.
    permission_classes = [IsAuthenticated, HasWriteScope, IsOrgAdmin]

    @extend_schema(
        summary="Explain a recipe over a sample request",
        description=(
            "Admins only. Runs a custom recipe's verification over a pasted request (method, "
            "URL, headers, body, secret) and returns each step: where the signature and "
            "timestamp were read, the signed message, the computed and received signatures, "
            "and why the first failing step failed. Nothing is stored; the secret is never "
            "logged. An invalid recipe is a 400 naming its field (`recipe.<field>`)."
        ),
        request=RecipeExplainInput,
        responses={
            200: RecipeExplainOutput,
            400: ErrorOutput,
            401: ErrorOutput,
            403: ErrorOutput,
        },
        examples=[
            OpenApiExample(
                "A GitHub-like recipe",
                value={
                    "recipe": {
                        "signature": "header:X-Hub-Signature-256",
                        "prefix": "sha256=",
                        "event_type": "header:X-GitHub-Event",
                    },
                    "secret": "it's-a-secret",
                    "headers": {"X-Hub-Signature-256": "sha256=…", "X-GitHub-Event": "push"},
                    "body": '{"zen": "Design for failure."}',
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        data = RecipeExplainInput(data=request.data)
        data.is_valid(raise_exception=True)
        sample = data.validated_data
        recipe = recipe_clean(sample["recipe"], field="recipe")
        result = recipe_explain(
            recipe=recipe,
            secret=sample["secret"],
            method=sample["method"],
            url=sample["url"],
            headers=sample["headers"],
            body=sample["body"].encode(),
        )
        return Response(RecipeExplainOutput(result).data)
