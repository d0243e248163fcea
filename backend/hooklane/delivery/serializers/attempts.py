"""Shapes of the attempt timelines: a destination's latest attempts and a log's attempts."""

from rest_framework import serializers

from ..models import DeliveryAttempt


class AttemptsQueryInput(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=200, default=50)


class DeliveryAttemptOutput(serializers.ModelSerializer):
    destination_name = serializers.CharField(
        source="destination.name",
        default=None,
        allow_null=True,
        help_text="Null once the destination was deleted",
    )

    class Meta:
        model = DeliveryAttempt
        fields = [
            "id",
            "delivery_id",
            "log_id",
            "destination_id",
            "destination_name",
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
