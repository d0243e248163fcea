"""One webhook on its way to one destination: the unit that is retried, held and replayed."""

from django.db import models

from hooklane.core.models import DBBaseModel

# Queued or in flight: what the dispatch windows count (services/dispatch.py BUSY).
BUSY = models.Q(status="delivering") | models.Q(status="pending", dispatch_eta__isnull=False)


class Delivery(DBBaseModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"  # waiting for next_attempt_at
        DELIVERING = "delivering", "Delivering"  # a worker holds it until next_attempt_at
        SUCCEEDED = "succeeded", "Succeeded"  # the destination answered 2xx
        FAILED = "failed", "Failed"  # every attempt of the cycle failed
        HELD = "held", "Held"  # the destination is paused; sent when it resumes
        CANCELLED = "cancelled", "Cancelled"  # its destination was deleted before it finished
        FILTERED = "filtered", "Filtered out"  # the destination's filter did not match; not sent

    OPEN_STATUSES = (Status.PENDING, Status.DELIVERING, Status.HELD)

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="deliveries"
    )
    # Foreign keys whose column leads a composite index below get no index of their own:
    # these tables take a write per webhook, and every index is paid for on each one.
    log = models.ForeignKey(
        "webhooks.WebhookLog", on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    # Kept (with a NULL destination, cancelled) when the destination is deleted, so a log's
    # attempt history survives.
    destination = models.ForeignKey(
        "delivery.Destination",
        null=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        db_index=False,
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    # attempt_count numbers every attempt ever made; cycle_attempts counts those of the
    # current cycle (1 = the original delivery, +1 per replay) against max_attempts.
    attempt_count = models.PositiveIntegerField(default=0)
    cycle = models.PositiveIntegerField(default=1)
    cycle_attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # When the task last enqueued for this row is expected to run; the dispatcher re-enqueues
    # only rows whose task is overdue, so a busy queue is not flooded with duplicates.
    dispatch_eta = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "deliveries"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["log", "destination"], name="deliveries_log_dest_unique"
            )
        ]
        indexes = [
            # dispatch_due_deliveries: due rows that still need a worker.
            models.Index(
                fields=["next_attempt_at"],
                name="deliveries_due_idx",
                condition=models.Q(status__in=["pending", "delivering"]),
            ),
            models.Index(fields=["destination", "status"], name="deliveries_dest_status_idx"),
            # The windows (services/dispatch.py): busy rows per destination and organization,
            # and each destination's waiting rows, oldest first.
            models.Index(
                fields=["destination", "status"],
                name="deliveries_busy_dest_idx",
                condition=BUSY,
            ),
            models.Index(
                fields=["organization", "status"],
                name="deliveries_busy_org_idx",
                condition=BUSY,
            ),
            models.Index(
                fields=["destination", "next_attempt_at"],
                name="deliveries_waiting_idx",
                condition=models.Q(status="pending", dispatch_eta__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"delivery {self.id} ({self.status})"

    @property
    def webhook_id(self) -> str:
        """The `webhook-id` header: the same for every attempt and replay of this pair, so a
        receiver can deduplicate."""
        return f"msg_{self.id.hex}"
