"""Shapes of the issues and notification channels APIs."""

from rest_framework import serializers

from hooklane.core.serializers import CommaSeparatedListField

from ..models import Issue, NotificationChannel


class IssueListQueryInput(serializers.Serializer):
    state = CommaSeparatedListField(
        child=serializers.ChoiceField(choices=Issue.State.choices), required=False
    )
    kind = CommaSeparatedListField(
        child=serializers.ChoiceField(choices=Issue.Kind.choices), required=False
    )
    destination = serializers.UUIDField(required=False)


class IssueOutput(serializers.ModelSerializer):
    destination_id = serializers.UUIDField()
    destination_name = serializers.CharField(source="destination.name")
    sample_log_id = serializers.UUIDField(allow_null=True)
    sample_attempt_id = serializers.UUIDField(allow_null=True)
    acknowledged_by = serializers.SerializerMethodField()
    resolved_by = serializers.SerializerMethodField()

    class Meta:
        model = Issue
        fields = [
            "id",
            "destination_id",
            "destination_name",
            "kind",
            "state",
            "first_seen_at",
            "last_seen_at",
            "count",
            "sample_log_id",
            "sample_attempt_id",
            "last_status_code",
            "last_error",
            "acknowledged_at",
            "acknowledged_by",
            "resolved_at",
            "resolved_by",
            "notified_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_acknowledged_by(self, issue) -> str | None:
        return issue.acknowledged_by.email if issue.acknowledged_by else None

    def get_resolved_by(self, issue) -> str | None:
        """Who resolved it; null with `resolved_at` set means a successful delivery did."""
        return issue.resolved_by.email if issue.resolved_by else None


class _ChannelFields(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    issue_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=Issue.Kind.choices),
        required=False,
        help_text="Issue kinds it hears about; empty means every kind",
    )
    emails = serializers.ListField(
        child=serializers.CharField(max_length=254),
        required=False,
        help_text="Email channels: the addresses; empty means the organization's admins",
    )
    url = serializers.CharField(
        max_length=2048,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Chat and webhook channels: the webhook URL (write-only; https)",
    )
    is_active = serializers.BooleanField(default=True)


class NotificationChannelCreateInput(_ChannelFields):
    type = serializers.ChoiceField(choices=NotificationChannel.Type.choices)


class NotificationChannelUpdateInput(_ChannelFields):
    """Every field optional; the type stays what it was made."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class NotificationChannelOutput(serializers.ModelSerializer):
    issue_kinds = serializers.ListField(child=serializers.CharField())
    emails = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = NotificationChannel
        fields = [
            "id",
            "name",
            "type",
            "issue_kinds",
            "emails",
            "url_hint",
            "is_active",
            "last_sent_at",
            "last_error",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class NotificationChannelCreatedOutput(NotificationChannelOutput):
    signing_secret = serializers.CharField(
        help_text="Signed webhooks: the whsec_ secret, shown this once (empty otherwise)"
    )

    class Meta(NotificationChannelOutput.Meta):
        fields = [*NotificationChannelOutput.Meta.fields, "signing_secret"]
        read_only_fields = fields


class NotificationChannelTestOutput(serializers.Serializer):
    delivered = serializers.BooleanField(help_text="Whether the channel took the test message")
    status_code = serializers.IntegerField(allow_null=True)
    error = serializers.CharField(allow_blank=True)
