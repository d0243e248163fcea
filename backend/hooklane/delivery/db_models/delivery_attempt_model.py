"""One HTTP attempt of a delivery, successful or not: the timeline people read."""

from django.db import models

from hooklane.core.models import DBBaseModel

RESPONSE_EXCERPT_BYTES = 4096


class DeliveryAttempt(DBBaseModel):
    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", "2xx response"
        HTTP_ERROR = "http_error", "Non-2xx response"
        REDIRECT = "redirect", "Redirect (not followed)"
        RATE_LIMITED = "rate_limited", "429 Too Many Requests"
        GONE = "gone", "410 Gone (destination paused)"
        TIMEOUT = "timeout", "Timed out"
        CONNECTION_ERROR = "connection_error", "Connection failed"
        REFUSED = "refused", "Refused by the address guard"
        INTERRUPTED = "interrupted", "Worker lost during the attempt"
        # The destination's own expressions failed at run time; no request was sent.
        FILTER_ERROR = "filter_error", "The filter failed"
        TRANSFORM_ERROR = "transform_error", "The transformation failed"

    # Each key leads one of the composite indexes below, so none gets an index of its own.
    delivery = models.ForeignKey(
        "delivery.Delivery", on_delete=models.CASCADE, related_name="attempts", db_index=False
    )
    # Copies of the delivery's keys, so a log's or a destination's timeline is one index scan.
    log = models.ForeignKey(
        "webhooks.WebhookLog",
        on_delete=models.CASCADE,
        related_name="delivery_attempts",
        db_index=False,
    )
    destination = models.ForeignKey(
        "delivery.Destination",
        null=True,
        on_delete=models.SET_NULL,
        related_name="attempts",
        db_index=False,
    )
    attempt_number = models.PositiveIntegerField()
    cycle = models.PositiveIntegerField(default=1, help_text="1 = original delivery, 2+ = replays")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True, default="")
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    next_retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "delivery_attempts"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "attempt_number"], name="delivery_attempts_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["destination", "-created_at"], name="attempts_dest_created_idx"),
            models.Index(fields=["log", "created_at"], name="attempts_log_created_idx"),
        ]

    def __str__(self) -> str:
        return f"attempt {self.attempt_number} of {self.delivery_id}: {self.outcome}"
