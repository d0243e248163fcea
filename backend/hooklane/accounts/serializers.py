"""Input and output shapes of the accounts API; validation only, no side effects."""

from django.utils import timezone
from rest_framework import serializers

from .models import ApiKey, AuditEvent, Organization, User


class LowerCaseEmailField(serializers.EmailField):
    def to_internal_value(self, data):
        return super().to_internal_value(data).strip().lower()


# Auth -------------------------------------------------------------------------------------
class SignupInput(serializers.Serializer):
    email = LowerCaseEmailField(max_length=255)
    organization_name = serializers.CharField(max_length=200)


class LoginEmailInput(serializers.Serializer):
    email = LowerCaseEmailField(max_length=255)


class MagicLinkVerifyInput(serializers.Serializer):
    token = serializers.CharField(
        max_length=128, help_text="The `token` query parameter of the link"
    )


class OtpVerifyInput(serializers.Serializer):
    email = LowerCaseEmailField(max_length=255)
    code = serializers.RegexField(r"^\d{6}$", help_text="The 6-digit code from the email")


class AcceptedOutput(serializers.Serializer):
    detail = serializers.CharField()


class CsrfOutput(serializers.Serializer):
    csrf_token = serializers.CharField(
        help_text="Also set as the `csrftoken` cookie; send it back as `X-CSRFToken`."
    )


# Organization -----------------------------------------------------------------------------
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
class MeOutput(serializers.ModelSerializer):
    organization = OrganizationOutput()

    class Meta:
        model = User
        fields = ["id", "email", "role", "organization", "last_login_at"]


class UserOutput(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "role", "is_active", "last_login_at", "created_at"]


class UserSummaryOutput(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email"]


class UserInviteInput(serializers.Serializer):
    email = LowerCaseEmailField(max_length=255)
    role = serializers.ChoiceField(choices=User.Role.choices, default=User.Role.MEMBER)


class UserUpdateInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=User.Role.choices)


# API keys ---------------------------------------------------------------------------------
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
class AuditEventOutput(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "action",
            "actor_user",
            "actor_api_key",
            "actor_label",
            "target_type",
            "target_id",
            "target_label",
            "ip",
            "metadata",
            "created_at",
        ]
