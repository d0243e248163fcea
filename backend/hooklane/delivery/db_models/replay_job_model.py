"""Work too large for one request, run in the background in bounded batches, with progress
people can watch: a bulk replay (which can be cancelled), and the resume or delete of a
provider or the delete of a destination with many logs or deliveries."""

from django.conf import settings
from django.db import models

from hooklane.core.models import DBBaseModel


class ReplayJob(DBBaseModel):
    class Kind(models.TextChoices):
        REPLAY = "replay", "Bulk replay"
        PROVIDER_RESUME = "provider_resume", "Provider resume"
        PROVIDER_DELETE = "provider_delete", "Provider delete"
        DESTINATION_DELETE = "destination_delete", "Destination delete"

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
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.REPLAY)
    # The provider or destination a resume or delete works on (a plain id: the row goes away
    # at the end of a delete, and the job's record stays).
    target_id = models.UUIDField(null=True, blank=True)
    target_name = models.CharField(max_length=200, blank=True, default="")
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
    replayed = models.PositiveIntegerField(
        default=0, help_text="Deliveries queued so far (bulk replay only)"
    )
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
        return f"{self.kind} job {self.id} ({self.status} {self.done}/{self.total})"
