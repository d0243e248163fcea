"""Shapes of the providers API. The signing secret goes in and never comes out."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import WebhookProvider
from ..selectors.provider_types import provider_type_names

_UNKNOWN_TYPE = 'Unknown provider type "{input}"; GET /api/v1/provider-types/ lists them.'


class _ProviderNameField(serializers.ChoiceField):
    """A provider type of the registry, refused with a message that says where they are."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=provider_type_names(),
            error_messages={"invalid_choice": _UNKNOWN_TYPE},
            **kwargs,
        )


SETTINGS_HELP = (
    "Only for `hmac_generic`: `header` (default `X-Signature`), `algorithm` (`sha1`, "
    "`sha256`, `sha512`; default `sha256`), `encoding` (`hex`, `base64`; default `hex`), "
    "`prefix` (e.g. `sha256=`; default empty), and optionally `id_header` and "
    "`event_type_header`. Every other scheme takes `{}`."
)


class _SecretField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            write_only=True,
            max_length=1000,
            style={"input_type": "password"},
            help_text="Write-only: never returned. Standard Webhooks secrets are base64, "
            "optionally after `whsec_`; `none` providers take none.",
            **kwargs,
        )


class ProviderCreateInput(serializers.Serializer):
    provider_name = _ProviderNameField(help_text="A `name` of GET /api/v1/provider-types/")
    display_name = serializers.CharField(max_length=200)
    signing_secret = _SecretField(required=False, allow_blank=True, default="")
    settings = serializers.DictField(required=False, default=dict, help_text=SETTINGS_HELP)
    is_active = serializers.BooleanField(required=False, default=True)


class ProviderUpdateInput(serializers.Serializer):
    display_name = serializers.CharField(max_length=200, required=False)
    settings = serializers.DictField(required=False, help_text=SETTINGS_HELP)
    is_active = serializers.BooleanField(
        required=False,
        help_text="false pauses: webhooks are stored and held until resumed (POST resume/)",
    )


class ProviderRotateSecretInput(serializers.Serializer):
    signing_secret = _SecretField()


class ProviderOutput(serializers.ModelSerializer):
    ingest_url = serializers.CharField(read_only=True, help_text="Where the sender posts")
    has_signing_secret = serializers.SerializerMethodField()
    previous_secret_expires_at = serializers.SerializerMethodField(
        help_text="Until when the secret before the last rotation still verifies"
    )

    class Meta:
        model = WebhookProvider
        fields = [
            "id",
            "provider_name",
            "display_name",
            "ingest_url",
            "is_active",
            "settings",
            "has_signing_secret",
            "previous_secret_expires_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_has_signing_secret(self, provider: WebhookProvider) -> bool:
        return bool(provider.signing_secret)

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_previous_secret_expires_at(self, provider: WebhookProvider):
        if not provider.previous_signing_secret or provider.previous_secret_expires_at is None:
            return None
        return serializers.DateTimeField().to_representation(provider.previous_secret_expires_at)


class ProviderFilterInput(serializers.Serializer):
    search = serializers.CharField(
        required=False, max_length=200, help_text="Words the display name contains (any case)"
    )
    provider_name = _ProviderNameField(required=False, help_text="Only this type")
