"""A webhook source of one organization: which signature scheme, its secrets, its ingest URL."""

import secrets

from django.conf import settings
from django.db import models

from hooklane.core.fields import EncryptedTextField
from hooklane.core.models import DBBaseModel

from ..schemes import SENDERS


def provider_choices() -> list[tuple[str, str]]:
    return [(name, sender.label) for name, sender in SENDERS.items()]


def new_ingest_key() -> str:
    return secrets.token_urlsafe(24)


class WebhookProvider(DBBaseModel):
    # One choice per sender module in schemes/; a callable, so a new sender needs no migration.
    Name = models.TextChoices(
        "Name", [(name.upper(), (name, sender.label)) for name, sender in SENDERS.items()]
    )

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="providers"
    )
    provider_name = models.CharField(max_length=32, choices=provider_choices)
    display_name = models.CharField(max_length=200)
    ingest_key = models.CharField(
        max_length=64, unique=True, default=new_ingest_key, editable=False
    )
    # Encrypted at rest; the API takes them and never returns them.
    signing_secret = EncryptedTextField(blank=True, default="")
    # Rotation keeps the previous secret valid until this moment, so senders can switch over.
    previous_signing_secret = EncryptedTextField(blank=True, default="")
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True, help_text="Paused providers store but hold logs")
    settings = models.JSONField(default=dict, blank=True)
    # Set when a delete starts: from then on ingest answers 404 and no list shows it, while a
    # background job deletes its logs in batches and finally the row.
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "webhook_providers"
        ordering = ["display_name"]
        indexes = [
            models.Index(fields=["organization", "display_name"], name="providers_org_name_idx")
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_provider_name_display()})"

    @property
    def ingest_url(self) -> str:
        return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/in/{self.ingest_key}"
