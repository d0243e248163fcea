"""Shapes of the audit log API."""

from rest_framework import serializers

from ..models import AuditEvent


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
