"""Who did what to which object, from where, and when."""

from django.conf import settings
from django.db import models

from hooklane.core.models import DBBaseModel


class AuditEvent(DBBaseModel):
    class Action(models.TextChoices):
        LOGIN = "login", "Logged in"
        LOGOUT = "logout", "Logged out"
        LOGIN_FAILED = "login_failed", "Failed login verification"
        SIGNUP = "signup", "Signed up"
        ORGANIZATION_UPDATE = "organization.update", "Changed organization settings"
        USER_INVITE = "user.invite", "Invited a user"
        INVITATION_REVOKE = "invitation.revoke", "Revoked an invitation"
        USER_ROLE_CHANGE = "user.role_change", "Changed a role"
        USER_DEACTIVATE = "user.deactivate", "Deactivated a user"
        USER_REACTIVATE = "user.reactivate", "Reactivated a user"
        API_KEY_CREATE = "api_key.create", "Created an API key"
        API_KEY_REVOKE = "api_key.revoke", "Revoked an API key"
        PROVIDER_CREATE = "provider.create", "Created a provider"
        PROVIDER_UPDATE = "provider.update", "Changed a provider"
        PROVIDER_DELETE = "provider.delete", "Deleted a provider"
        PROVIDER_ROTATE_SECRET = "provider.rotate_secret", "Rotated a provider secret"
        DESTINATION_CREATE = "destination.create", "Created a destination"
        DESTINATION_UPDATE = "destination.update", "Changed a destination"
        DESTINATION_DELETE = "destination.delete", "Deleted a destination"
        DESTINATION_ROTATE_SECRET = "destination.rotate_secret", "Rotated a destination secret"
        LOG_REPLAY = "log.replay", "Replayed a webhook"
        LOG_BULK_REPLAY = "log.bulk_replay", "Started a bulk replay"
        LOG_REVERIFY = "log.reverify", "Re-verified a webhook"
        ISSUE_ACKNOWLEDGE = "issue.acknowledge", "Acknowledged an issue"
        ISSUE_RESOLVE = "issue.resolve", "Resolved an issue"
        CHANNEL_CREATE = "notification_channel.create", "Created a notification channel"
        CHANNEL_UPDATE = "notification_channel.update", "Changed a notification channel"
        CHANNEL_DELETE = "notification_channel.delete", "Deleted a notification channel"
        CHANNEL_TEST = "notification_channel.test", "Tested a notification channel"
        LISTEN_SESSION_CREATE = "listen_session.create", "Started a hooklane listen session"

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="audit_events"
    )
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_api_key = models.ForeignKey(
        "accounts.ApiKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too, so the trail survives the actor's deletion.
    actor_label = models.CharField(max_length=255, blank=True, default="")
    action = models.CharField(max_length=40, choices=Action.choices)
    target_type = models.CharField(max_length=40, blank=True, default="")
    target_id = models.CharField(max_length=64, blank=True, default="")
    target_label = models.CharField(max_length=255, blank=True, default="")
    ip = models.GenericIPAddressField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "audit_events"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="audit_org_created_idx")
        ]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.target_label}"
