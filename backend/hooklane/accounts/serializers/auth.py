"""Shapes of sign-up, login (magic link and code), the CSRF cookie and `me`."""

from rest_framework import serializers

from ..models import User
from .organization import OrganizationOutput


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


class MeOutput(serializers.ModelSerializer):
    organization = OrganizationOutput()

    class Meta:
        model = User
        fields = ["id", "email", "role", "organization", "last_login_at"]
