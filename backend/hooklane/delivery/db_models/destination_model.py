"""An organization's own URL that receives forwarded webhooks, signed with Hooklane's secret."""

import base64
import secrets

from django.db import models

from hooklane.core.fields import EncryptedTextField
from hooklane.core.models import DBBaseModel

SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks prefix, not a secret
DEFAULT_TIMEOUT_SECONDS = 15
MAX_TIMEOUT_SECONDS = 30
DEFAULT_MAX_ATTEMPTS = 8
MAX_MAX_ATTEMPTS = 20


def new_signing_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


class Destination(DBBaseModel):
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="destinations"
    )
    name = models.CharField(max_length=200)
    url = models.URLField(max_length=2048)
    providers = models.ManyToManyField(
        "webhooks.WebhookProvider",
        blank=True,
        related_name="destinations",
        help_text="Providers whose webhooks it receives; none means every provider",
    )
    event_types = models.JSONField(
        default=list, blank=True, help_text="Patterns with * wildcards; empty means every event"
    )
    headers = models.JSONField(default=dict, blank=True, help_text="Extra request headers")
    timeout_seconds = models.PositiveSmallIntegerField(default=DEFAULT_TIMEOUT_SECONDS)
    max_attempts = models.PositiveSmallIntegerField(default=DEFAULT_MAX_ATTEMPTS)
    retry_schedule = models.JSONField(
        null=True, blank=True, help_text="Seconds between attempts; empty means the default"
    )
    # Encrypted at rest; shown once, when made.
    signing_secret = EncryptedTextField(default=new_signing_secret)
    # After a rotation both secrets sign, so receivers can switch without dropping a webhook.
    previous_signing_secret = EncryptedTextField(blank=True, default="")
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    # CEL over the request (expressions.py): only webhooks it is true for are sent. Compiled
    # when saved; empty means every webhook the provider and event type filters let through.
    filter_expression = models.TextField(blank=True, default="", db_default="")
    # JSONata (transforms.py) returning {body, headers, path}; empty sends the request as stored.
    transformation = models.TextField(blank=True, default="", db_default="")
    is_active = models.BooleanField(default=True, help_text="Paused destinations hold deliveries")
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_alert_at = models.DateTimeField(null=True, blank=True)
    # Set when a delete starts: routing passes it by and no list shows it, while a background
    # job cancels and detaches its deliveries in batches and finally deletes the row.
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "destinations"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    timeout_seconds__gte=1, timeout_seconds__lte=MAX_TIMEOUT_SECONDS
                ),
                name="destinations_timeout_range",
            ),
            models.CheckConstraint(
                condition=models.Q(max_attempts__gte=1, max_attempts__lte=MAX_MAX_ATTEMPTS),
                name="destinations_max_attempts_range",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "name"], name="destinations_org_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def signing_secrets(self, now) -> list[str]:
        """Secrets that sign a forward right now: the current one, then the previous one
        while its grace period lasts."""
        found = [self.signing_secret]
        if (
            self.previous_signing_secret
            and self.previous_secret_expires_at
            and self.previous_secret_expires_at > now
        ):
            found.append(self.previous_signing_secret)
        return found
