"""Shapes of the replay API: one log, a bulk replay over the log filters, and its jobs."""

from rest_framework import serializers

from hooklane.webhooks.serializers.logs import LogFilterInput

from ..models import ReplayJob


class LogReplayInput(serializers.Serializer):
    destination_id = serializers.UUIDField(
        required=False, allow_null=True, help_text="Only this destination; else every match"
    )


class LogReplayOutput(serializers.Serializer):
    deliveries = serializers.IntegerField(help_text="Deliveries queued (or held, if paused)")


class BulkReplayInput(LogFilterInput):
    destination_id = serializers.UUIDField(required=False, allow_null=True)
    dry_run = serializers.BooleanField(default=False, help_text="Only count the logs")


class BulkReplayCountOutput(serializers.Serializer):
    count = serializers.IntegerField(help_text="Logs the replay would send again")


class ReplayJobOutput(serializers.ModelSerializer):
    filters = serializers.DictField(help_text="The log filters it replays, as stored")
    target_id = serializers.UUIDField(
        read_only=True,
        allow_null=True,
        help_text="The provider or destination a resume or delete works on",
    )

    class Meta:
        model = ReplayJob
        fields = [
            "id",
            "kind",
            "target_id",
            "target_name",
            "status",
            "filters",
            "destination_id",
            "total",
            "done",
            "replayed",
            "error",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields
