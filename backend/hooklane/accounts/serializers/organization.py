"""Shapes of the organization settings API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Organization
from ..quotas import QUOTA_FIELDS


class QuotaRefusalsOutput(serializers.Serializer):
    rate_limited = serializers.IntegerField(help_text="Webhooks refused with 429.")
    over_quota = serializers.IntegerField(help_text="Webhooks refused with 507.")


class OrganizationQuotaOutput(serializers.Serializer):
    rate_per_second = serializers.IntegerField(help_text="Sustained ingest rate; 0: no limit.")
    burst = serializers.IntegerField(help_text="Webhooks accepted at once.")
    stored_bytes_limit = serializers.IntegerField(help_text="Bytes of bodies kept; 0: no limit.")
    stored_bytes = serializers.IntegerField(
        allow_null=True,
        help_text="Bytes of bodies stored, as counted for the quota (recounted every few "
        "minutes); null while the count cannot be read.",
    )
    refused = QuotaRefusalsOutput(
        allow_null=True, help_text="Webhooks refused over the last 7 UTC days, by reason."
    )


class OrganizationOutput(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "slug", "retention_days"]


class OrganizationDetailOutput(OrganizationOutput):
    """Your organization, its own quotas, and `quota`: the limits in force and their use."""

    # From the view's context: accounts/quotas.py reads it from Redis.
    quota = serializers.SerializerMethodField()

    class Meta(OrganizationOutput.Meta):
        fields = [*OrganizationOutput.Meta.fields, *QUOTA_FIELDS, "quota"]
        extra_kwargs = {
            name: {"help_text": "The organization's own value; null: the deployment default."}
            for name in QUOTA_FIELDS
        }

    @extend_schema_field(OrganizationQuotaOutput)
    def get_quota(self, organization) -> dict:
        return self.context["quota"]


class OrganizationUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    retention_days = serializers.IntegerField(min_value=1, max_value=3650, required=False)
    # Staff only (StaffOnlyFields on the view); null goes back to the deployment default.
    ingest_rate_per_second = serializers.IntegerField(
        min_value=0, max_value=1_000_000, allow_null=True, required=False
    )
    ingest_rate_burst = serializers.IntegerField(
        min_value=1, max_value=1_000_000, allow_null=True, required=False
    )
    stored_bytes_quota = serializers.IntegerField(
        min_value=0, max_value=2**63 - 1, allow_null=True, required=False
    )

    def validate_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("This field may not be blank.")
        return value


# Users ------------------------------------------------------------------------------------
