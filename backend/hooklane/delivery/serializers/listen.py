"""Shapes of the listen-session API: a session (its secret only in the create response) and
the local answers the CLI reports."""

from rest_framework import serializers

from ..models import DeliveryAttempt, ListenSession


class ListenSessionCreateInput(serializers.Serializer):
    provider_id = serializers.UUIDField(
        required=False, allow_null=True, help_text="Listen to this provider only"
    )
    event_type = serializers.CharField(
        required=False, allow_blank=True, max_length=255, help_text="Exact type or * pattern"
    )
    forward_to = serializers.CharField(
        required=False, allow_blank=True, max_length=2048, help_text="The local URL, shown"
    )


class ListenSessionOutput(serializers.ModelSerializer):
    expires_at = serializers.DateTimeField(
        read_only=True, help_text="When it expires unless the CLI reports or touches it"
    )

    class Meta:
        model = ListenSession
        fields = [
            "id",
            "provider_id",
            "event_type",
            "forward_to",
            "last_seen_at",
            "expires_at",
            "created_at",
        ]
        read_only_fields = fields


class ListenSessionCreatedOutput(ListenSessionOutput):
    signing_secret = serializers.CharField(
        read_only=True,
        help_text="The whsec_ secret the CLI signs local requests with; shown this once",
    )

    class Meta(ListenSessionOutput.Meta):
        fields = [*ListenSessionOutput.Meta.fields, "signing_secret"]
        read_only_fields = fields


class ListenAttemptInput(serializers.Serializer):
    log_id = serializers.UUIDField()
    status_code = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=100,
        max_value=599,
        help_text="The local answer's status; null when none came",
    )
    failure = serializers.ChoiceField(
        choices=[DeliveryAttempt.Outcome.TIMEOUT, DeliveryAttempt.Outcome.CONNECTION_ERROR],
        required=False,
        help_text="Why no answer came (with status_code null)",
    )
    duration_ms = serializers.IntegerField(min_value=0, max_value=3_600_000, default=0)
    response_excerpt = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=65536, trim_whitespace=False
    )
    error = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
