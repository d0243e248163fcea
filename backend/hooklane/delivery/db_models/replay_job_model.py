"""A bulk replay running in the background, with progress people can watch and cancel."""

from django.conf import settings
from django.db import models

from hooklane.core.models import DBBaseModel


class ReplayJob(DBBaseModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"
        FAILED = "failed", "Failed"

    FINISHED_STATUSES = (Status.DONE, Status.CANCELLED, Status.FAILED)

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="replay_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filters = models.JSONField(default=dict, blank=True)
    destination = models.ForeignKey(
        "delivery.Destination", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Remembered apart from the foreign key, which a deleted destination sets to NULL: such a
    # job must stop, not widen to every destination.
    single_destination = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    replayed = models.PositiveIntegerField(default=0, help_text="Deliveries queued so far")
    # Keyset position (received_at, id) of the last replayed log: a redelivered task resumes.
    cursor = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "replay_jobs"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="replay_jobs_org_idx"),
        ]

    def __str__(self) -> str:
        return f"replay job {self.id} ({self.status} {self.done}/{self.total})"
