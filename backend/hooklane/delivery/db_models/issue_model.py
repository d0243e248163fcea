"""Failures of one destination grouped by kind: what people look at instead of attempts."""

from django.conf import settings
from django.db import models

from hooklane.core.models import DBBaseModel


class Issue(DBBaseModel):
    class Kind(models.TextChoices):
        TIMEOUT = "timeout", "Timeout"
        CONNECTION = "connection", "Connection failed"
        HTTP_4XX = "http_4xx", "4xx response"
        HTTP_5XX = "http_5xx", "5xx response"
        TRANSFORM_ERROR = "transform_error", "Transformation error"
        FILTER_ERROR = "filter_error", "Filter error"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESOLVED = "resolved", "Resolved"

    UNRESOLVED = (State.OPEN, State.ACKNOWLEDGED)

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="issues", db_index=False
    )
    destination = models.ForeignKey(
        "delivery.Destination", on_delete=models.CASCADE, related_name="issues", db_index=False
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=1)
    # The latest failure: its attempt (and log) for the link, its answer for the message.
    sample_attempt = models.ForeignKey(
        "delivery.DeliveryAttempt", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sample_log = models.ForeignKey(
        "webhooks.WebhookLog", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Null with resolved_at set: a successful delivery resolved it.
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Debounce (services/issues.py): when channels were last told, and the count then and
    # at the message before, so a message can say how many failures came in between.
    notified_at = models.DateTimeField(null=True, blank=True)
    notified_count = models.PositiveIntegerField(default=0)
    previous_notified_count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "issues"
        ordering = ["-last_seen_at"]
        constraints = [
            # One unresolved issue per destination and kind: the upsert's conflict target, so
            # concurrent workers failing alike add to one row.
            models.UniqueConstraint(
                fields=["destination", "kind"],
                condition=models.Q(state__in=["open", "acknowledged"]),
                name="issues_one_unresolved_per_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-last_seen_at"], name="issues_org_seen_idx"),
            models.Index(fields=["destination", "-last_seen_at"], name="issues_dest_seen_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.destination_id}"
