"""One change of a destination's circuit breaker state: the history people read."""

from django.db import models

from hooklane.core.models import DBBaseModel


class CircuitTransition(DBBaseModel):
    class Reason(models.TextChoices):
        FAILURES = "failures", "Failed attempts in a row reached the threshold"
        PROBE = "probe", "A probe attempt went out"
        PROBE_FAILED = "probe_failed", "The probe failed"
        SUCCEEDED = "succeeded", "An attempt succeeded"
        RESET = "reset", "Closed by an admin"

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    destination = models.ForeignKey(
        "delivery.Destination",
        on_delete=models.CASCADE,
        related_name="circuit_transitions",
        db_index=False,
    )
    from_state = models.CharField(max_length=16)
    to_state = models.CharField(max_length=16)
    reason = models.CharField(max_length=16, choices=Reason.choices)
    consecutive_failures = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "circuit_transitions"
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["destination", "-created_at"], name="circuit_transitions_dest_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state} ({self.reason})"
