"""One received webhook, stored exactly as it arrived, and where it is in processing."""

from django.contrib.postgres.indexes import BrinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from hooklane.core.models import DBBaseModel


class _SearchDocument(models.Func):
    """Every string and number in the payload, every header value, and the event id and
    type, as one tsvector. 'simple' keeps ids and codes as written (no stemming, no stop
    words). Built by services/search.py into WebhookLogSearch (and named by migration 0002,
    from when it was a generated column of this table)."""

    template = (
        "jsonb_to_tsvector('simple'::regconfig, coalesce(payload, 'null'::jsonb), "
        '\'["string", "numeric"]\'::jsonb) '
        "|| jsonb_to_tsvector('simple'::regconfig, headers, '[\"string\"]'::jsonb) "
        "|| to_tsvector('simple'::regconfig, coalesce(external_id, '') || ' ' || event_type)"
    )
    output_field = SearchVectorField()


class WebhookLog(DBBaseModel):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"  # stored, waiting for a worker
        HELD = "held", "Held"  # its provider is paused
        PROCESSING = "processing", "Processing"  # a worker is routing / delivering it
        PROCESSED = "processed", "Processed"  # done, no destination wanted it
        DELIVERED = "delivered", "Delivered"  # every matching destination accepted it
        FAILED = "failed", "Failed"  # a destination exhausted its attempts
        DUPLICATE = "duplicate", "Duplicate"  # the provider sent this event id before
        REJECTED = "rejected", "Rejected"  # signature check failed; kept for inspection
        HANDSHAKE = "handshake", "Handshake"  # a sender's set-up probe, answered, never routed
        # Captured before its provider had a secret: not routed until verified (capture first).
        AWAITING_SECRET = "awaiting_secret", "Awaiting secret"

    class Verification(models.TextChoices):
        VERIFIED = "verified", "Verified"  # a signature over the request checked out
        AUTHENTICATED = "authenticated", "Authenticated"  # a shared token or password matched
        FAILED = "failed", "Failed"  # refused; verification_reason says why
        UNSIGNED = "unsigned", "Unsigned"  # the provider type checks nothing
        PENDING = "pending", "Pending"  # captured, awaiting the provider's secret

    # Every insert updates every index, and ingest inserts a row per webhook: the foreign
    # keys and created_at get no index of their own, because the composite indexes below
    # lead with organization and provider, and nothing reads logs by created_at.
    created_at = models.DateTimeField(auto_now_add=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="webhook_logs",
        db_index=False,
    )
    provider = models.ForeignKey(
        "webhooks.WebhookProvider", on_delete=models.CASCADE, related_name="logs", db_index=False
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    event_type = models.CharField(max_length=255, blank=True, default="")
    external_id = models.CharField(max_length=255, null=True, blank=True)
    body = models.BinaryField(help_text="Raw request body, byte for byte")
    payload = models.JSONField(null=True, blank=True, help_text="Parsed JSON or form body")
    headers = models.JSONField(default=dict, blank=True, help_text="Secrets redacted")
    # Kept apart from `headers` so that only admins see them and search never reaches them.
    signature_headers = models.JSONField(
        default=dict, db_default={}, blank=True, help_text="Signature headers, for admins only"
    )
    content_type = models.CharField(max_length=255, blank=True, default="")
    size_bytes = models.PositiveIntegerField(default=0)
    source_ip = models.GenericIPAddressField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    verification = models.CharField(
        max_length=16,
        choices=Verification.choices,
        default=Verification.VERIFIED,
        db_default=Verification.VERIFIED,
    )
    # One of schemes.SignatureError.REASONS when verification failed, else "".
    verification_reason = models.CharField(max_length=32, blank=True, default="", db_default="")
    # Set by delivery when it records an attempt that did not get a 2xx, so the log list
    # filters on the log itself; the database default keeps ingest's INSERT as it is.
    has_failed_attempts = models.BooleanField(default=False, db_default=False)
    # Only for senders that sign no timestamp, whose captured requests stay valid forever:
    # a new event id on a body this provider already sent within INGEST_REPLAY_WINDOW_SECONDS
    # is flagged by the insert itself.
    body_sha256 = models.BinaryField(null=True, blank=True, editable=False)
    probable_replay = models.BooleanField(default=False, db_default=False)

    class Meta:
        db_table = "webhook_logs"
        ordering = ["-received_at"]
        constraints = [
            # The database decides duplicates, so two copies arriving at once still make one
            # row. Rejected rows are left out: a forged request must not claim a real event id.
            models.UniqueConstraint(
                fields=["provider", "external_id"],
                condition=models.Q(external_id__isnull=False) & ~models.Q(status="rejected"),
                name="webhook_logs_provider_external_id_unique",
            ),
        ]
        indexes = [
            # Covering: the list walks it newest first, and stats aggregate a time range with
            # an index-only scan (status, provider and event type ride along).
            models.Index(
                fields=["organization", "-received_at"],
                name="logs_org_received_idx",
                include=["status", "provider", "event_type"],
            ),
            models.Index(fields=["provider", "-received_at"], name="logs_provider_received_idx"),
            models.Index(fields=["organization", "status"], name="logs_org_status_idx"),
            # The probable-replay check of each insert; only untimestamped senders fill it.
            models.Index(
                fields=["provider", "body_sha256", "received_at"],
                name="logs_provider_body_idx",
                condition=models.Q(body_sha256__isnull=False),
            ),
            # Where the search sweep and the hourly rollup read from (received_at grows with
            # the table, so a BRIN index of a few pages does): near nothing per insert.
            BrinIndex(fields=["received_at"], name="logs_received_brin"),
            # What requeue_stuck_logs scans every 30 seconds: only logs still in flight.
            models.Index(
                fields=["updated_at"],
                name="logs_pending_idx",
                condition=models.Q(status__in=["received", "processing", "held"]),
            ),
            # Capture first: which providers have logs waiting for their secret (the rotate
            # that sets one, and the sweep that recovers a lost verification task).
            models.Index(
                fields=["provider", "updated_at"],
                name="logs_awaiting_secret_idx",
                condition=models.Q(status="awaiting_secret"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type or 'webhook'} {self.id}"
