"""Where an organization hears about issues: email, Slack, Discord, Teams or a signed webhook."""

from django.conf import settings
from django.db import models

from hooklane.core.fields import EncryptedTextField
from hooklane.core.models import DBBaseModel


class NotificationChannel(DBBaseModel):
    class Type(models.TextChoices):
        EMAIL = "email", "Email"
        SLACK = "slack", "Slack incoming webhook"
        DISCORD = "discord", "Discord webhook"
        TEAMS = "teams", "Microsoft Teams webhook"
        WEBHOOK = "webhook", "Signed webhook"

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="notification_channels"
    )
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=20, choices=Type.choices)
    # Issue kinds it is told about; empty means every kind.
    issue_kinds = models.JSONField(default=list, blank=True)
    # Email only: the addresses; empty means the organization's active admins at send time.
    emails = models.JSONField(default=list, blank=True)
    # Chat webhook URLs carry their token in the path: encrypted at rest, never shown whole
    # (`url_hint` is what the API shows).
    url = EncryptedTextField(blank=True, default="")
    url_hint = models.CharField(max_length=300, blank=True, default="")
    # Signed webhooks only: the whsec_ secret, shown once when made.
    signing_secret = EncryptedTextField(blank=True, default="")
    is_active = models.BooleanField(default=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "notification_channels"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["organization", "name"], name="channels_org_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def wants(self, kind: str) -> bool:
        return not self.issue_kinds or kind in self.issue_kinds
