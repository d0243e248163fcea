"""An organization (tenant): every user, provider, log and destination belongs to exactly one."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from hooklane.core.models import DBBaseModel


class Organization(DBBaseModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    retention_days = models.PositiveIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="Webhook logs older than this are deleted.",
    )
    max_body_bytes = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Largest webhook body accepted; empty means the deployment default.",
    )
    # Quotas (README "Quotas"): empty means the deployment default, 0 no limit. Staff set
    # them; the organization's own admins only read them.
    ingest_rate_per_second = models.PositiveIntegerField(
        null=True, blank=True, help_text="Webhooks accepted per second, sustained."
    )
    ingest_rate_burst = models.PositiveIntegerField(
        null=True, blank=True, help_text="Webhooks accepted at once above the sustained rate."
    )
    stored_bytes_quota = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Bytes of webhook bodies kept at most."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        db_table = "organizations"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(retention_days__gte=1), name="organizations_retention_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def to_dict(self) -> dict:
        data = super().to_dict()
        data["webhook_count"] = self.webhook_logs.count()
        return data
