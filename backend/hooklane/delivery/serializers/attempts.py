"""Shapes of the attempt timelines: a destination's latest attempts and a log's attempts."""

from rest_framework import serializers

from ..models import DeliveryAttempt


class AttemptsQueryInput(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=200, default=50)


class DeliveryAttemptOutput(serializers.ModelSerializer):
    destination_name = serializers.SerializerMethodField(
        help_text='"hooklane listen" for a local answer a CLI reported; null once the '
        "destination was deleted"
    )

    class Meta:
        model = DeliveryAttempt
        fields = [
            "id",
            "delivery_id",
            "log_id",
            "destination_id",
            "destination_name",
            "listen_session_id",
            "attempt_number",
            "cycle",
            "outcome",
            "status_code",
            "response_excerpt",
            "duration_ms",
            "error",
            "next_retry_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_destination_name(self, attempt: DeliveryAttempt) -> str | None:
        if attempt.destination_id is not None:
            return attempt.destination.name
        if attempt.listen_session_id is not None:
            return "hooklane listen"
        return None
