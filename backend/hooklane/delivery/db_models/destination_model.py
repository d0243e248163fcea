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
MAX_RATE_LIMIT = 100_000
DEFAULT_CIRCUIT_THRESHOLD = 10
MAX_CIRCUIT_THRESHOLD = 1000
DEFAULT_CIRCUIT_PROBE_SECONDS = 60
MAX_CIRCUIT_PROBE_SECONDS = 24 * 3600


def new_signing_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


class Destination(DBBaseModel):
    class RatePeriod(models.TextChoices):
        SECOND = "second", "per second"
        MINUTE = "minute", "per minute"
        HOUR = "hour", "per hour"

    class Circuit(models.TextChoices):
        CLOSED = "closed", "Closed"  # attempts go out
        OPEN = "open", "Open"  # attempts stop; one probe every interval
        HALF_OPEN = "half_open", "Half-open"  # the probe is on its way

    class OrderingOnFailure(models.TextChoices):
        WAIT = "wait", "Wait: the key is blocked until the failed delivery is replayed"
        SKIP = "skip", "Skip: the next delivery of the key goes on"

    PERIOD_SECONDS = {RatePeriod.SECOND: 1, RatePeriod.MINUTE: 60, RatePeriod.HOUR: 3600}

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
    # Rate limit (services/flow.py): at most rate_limit attempts start per rate_period, one
    # every period / rate_limit; rate_next_slot_at is when the next one may start.
    rate_limit = models.PositiveIntegerField(null=True, blank=True)
    rate_period = models.CharField(
        max_length=8, choices=RatePeriod.choices, default=RatePeriod.SECOND
    )
    rate_next_slot_at = models.DateTimeField(null=True, blank=True)
    # Circuit breaker (services/flow.py): opens after circuit_threshold failures in a row
    # (consecutive_failures), then lets one probe out every circuit_probe_seconds.
    circuit_threshold = models.PositiveSmallIntegerField(default=DEFAULT_CIRCUIT_THRESHOLD)
    circuit_probe_seconds = models.PositiveIntegerField(default=DEFAULT_CIRCUIT_PROBE_SECONDS)
    circuit_state = models.CharField(max_length=16, choices=Circuit.choices, default=Circuit.CLOSED)
    circuit_changed_at = models.DateTimeField(null=True, blank=True)
    circuit_next_probe_at = models.DateTimeField(null=True, blank=True)
    # Ordered delivery (services/flow.py): one delivery at a time per ordering key, in the
    # order received; the key is a CEL expression over the request (blank: one key).
    ordered = models.BooleanField(default=False)
    ordering_key = models.TextField(blank=True, default="")
    ordering_on_failure = models.CharField(
        max_length=8, choices=OrderingOnFailure.choices, default=OrderingOnFailure.WAIT
    )
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
            models.CheckConstraint(
                condition=models.Q(rate_limit__isnull=True)
                | models.Q(rate_limit__gte=1, rate_limit__lte=MAX_RATE_LIMIT),
                name="destinations_rate_limit_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    circuit_threshold__gte=1, circuit_threshold__lte=MAX_CIRCUIT_THRESHOLD
                ),
                name="destinations_circuit_threshold_range",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "name"], name="destinations_org_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def rate_interval_seconds(self) -> float | None:
        """Seconds between two attempts' starts under the rate limit (None: no limit)."""
        if not self.rate_limit:
            return None
        return self.PERIOD_SECONDS[self.rate_period] / self.rate_limit

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
