"""Shapes of the organization settings API."""

from rest_framework import serializers

from ..models import Organization


class OrganizationOutput(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "slug", "retention_days"]


class OrganizationUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    retention_days = serializers.IntegerField(min_value=1, max_value=3650, required=False)

    def validate_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("This field may not be blank.")
        return value


# Users ------------------------------------------------------------------------------------
