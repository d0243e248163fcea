"""Shapes of the API keys API; a key's secret is shown once, at creation."""

from django.utils import timezone
from rest_framework import serializers

from ..models import ApiKey
from .users import UserSummaryOutput


class ApiKeyOutput(serializers.ModelSerializer):
    created_by = UserSummaryOutput()

    class Meta:
        model = ApiKey
        fields = [
            "id",
            "name",
            "prefix",
            "scope",
            "created_by",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
        ]


class ApiKeyCreatedOutput(ApiKeyOutput):
    key = serializers.CharField(
        help_text="The secret: shown this once, never again. Send it as `Authorization: Bearer`."
    )

    class Meta(ApiKeyOutput.Meta):
        fields = [*ApiKeyOutput.Meta.fields, "key"]


class ApiKeyCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    scope = serializers.ChoiceField(choices=ApiKey.Scope.choices, default=ApiKey.Scope.READ)
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)

    def validate_expires_at(self, value):
        if value is not None and value <= timezone.now():
            raise serializers.ValidationError("Must be in the future.")
        return value


# Audit ------------------------------------------------------------------------------------
