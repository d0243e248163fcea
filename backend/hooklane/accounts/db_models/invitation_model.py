"""A pending invitation to join an organization, until it is accepted, revoked or expires.

The user is created only when the link is accepted, so inviting an address answers the
same whether or not it already has an account somewhere else. Only the link's SHA-256 is
stored, and only for an address that was free when the email went out.
"""

from django.conf import settings
from django.db import models

from hooklane.core.models import DBBaseModel

from .user_model import User


class Invitation(DBBaseModel):
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(max_length=255)
    email_normalized = models.CharField(max_length=1024, editable=False)
    role = models.CharField(max_length=16, choices=User.Role.choices, default=User.Role.MEMBER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)

    class Meta:
        db_table = "invitations"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email_normalized"], name="invitations_org_email_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.organization_id})"
