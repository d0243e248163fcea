"""Hourly counts of webhook logs, for stats over days without reading every log."""

from django.db import models


class LogHourlyCount(models.Model):
    """Logs received in one UTC hour by one provider, by their current status.

    Filled off the ingest path: services/rollup.py adds each slice of received_at once it is
    a minute old, and a trigger on webhook_logs moves a count when a log already counted
    changes status or is deleted (migration 0014). Not a DBBaseModel: its key is the hour."""

    pk = models.CompositePrimaryKey("organization", "hour", "provider", "status")
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    hour = models.DateTimeField()
    provider = models.ForeignKey(
        "webhooks.WebhookProvider", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    status = models.CharField(max_length=16)
    count = models.BigIntegerField()

    class Meta:
        db_table = "webhook_log_hourly"

    def __str__(self) -> str:
        return f"{self.count} {self.status} at {self.hour.isoformat()}"
