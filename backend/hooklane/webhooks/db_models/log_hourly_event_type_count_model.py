"""Hourly counts of webhook logs by event type (the dashboard's top event types)."""

from django.db import models


class LogHourlyEventTypeCount(models.Model):
    """Logs received in one UTC hour by event type; kept like LogHourlyCount."""

    pk = models.CompositePrimaryKey("organization", "hour", "event_type")
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    hour = models.DateTimeField()
    event_type = models.CharField(max_length=255)
    count = models.BigIntegerField()

    class Meta:
        db_table = "webhook_log_hourly_event_types"

    def __str__(self) -> str:
        return f"{self.count} {self.event_type} at {self.hour.isoformat()}"
