"""A `hooklane listen` session: a developer's CLI relaying matching webhooks to a local port.

The CLI receives the webhooks from the stream and POSTs them itself; Hooklane keeps the
session's signing secret (shown once, when made) and the local answers, recorded as attempts
on each log's timeline. A session nobody reports to for `LISTEN_SESSION_IDLE_SECONDS` expires.
It is not a Destination: routing, dispatch windows and replay never see it.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from hooklane.core.fields import EncryptedTextField
from hooklane.core.models import DBBaseModel

from .destination_model import new_signing_secret


class ListenSession(DBBaseModel):
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="listen_sessions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    provider = models.ForeignKey(
        "webhooks.WebhookProvider",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="listen_sessions",
        help_text="The provider it listens to; none means every provider",
    )
    event_type = models.CharField(max_length=255, blank=True, default="")
    forward_to = models.CharField(
        max_length=2048, blank=True, default="", help_text="The local URL, for people to read"
    )
    # Encrypted at rest; shown once, when made.
    signing_secret = EncryptedTextField(default=new_signing_secret)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "listen_sessions"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="listen_sessions_org_idx"),
        ]

    def __str__(self) -> str:
        return f"listen session {self.id}"

    @property
    def expires_at(self):
        return self.last_seen_at + timedelta(seconds=settings.LISTEN_SESSION_IDLE_SECONDS)

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at
