"""A person who logs in to the dashboard; passwordless (magic link or one-time code)."""

import unicodedata

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower

from hooklane.core.models import DBBaseModel

from .organization_model import Organization


def normalize_email(email: str) -> str:
    """The one spelling that every way of writing an address shares: trimmed, NFKC, case
    folded, NFKC again (Unicode's NFKC_Casefold). `ＡＤＭＩＮ@Ａ.example`, `admin@a.example`,
    `adminſ@straße.example` and `admins@strasse.example` are one address to Hooklane.

    Every comparison, uniqueness and rate-limit key of an address uses this, and the database
    holds its result (`User.email_normalized`, unique), so the two can never disagree."""
    folded = unicodedata.normalize("NFKC", email.strip()).casefold()
    return unicodedata.normalize("NFKC", folded)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, *, organization: Organization, **fields) -> "User":
        user = self.model(email=email, organization=organization, **fields)
        # Logins are magic links and codes; no password can ever match.
        user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        if "organization" not in fields and "organization_id" not in fields:
            raise ValueError(
                "A user needs an organization: use `manage.py bootstrap --org NAME --email EMAIL`."
            )
        fields.update(is_staff=True, is_superuser=True, role=User.Role.ADMIN)
        return self.create_user(email, **fields)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email_normalized=normalize_email(username))


class User(DBBaseModel, AbstractBaseUser, PermissionsMixin):
    """
    Each user belongs to one organization. Admins manage settings, users, keys and replay;
    members read. `is_active=False` is the soft delete: the row stays for the audit trail.
    """

    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        MEMBER = "member", "Member"

    email = models.EmailField(
        unique=True,
        max_length=255,
        help_text="User's email, used for login (e.g. 'cto@acme.example'); stored lower-cased.",
    )
    # Longer than `email`: case folding can lengthen an address (ß → ss).
    email_normalized = models.CharField(
        max_length=1024,
        unique=True,
        editable=False,
        help_text="normalize_email(email), set on save; what identity and uniqueness compare",
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="users",
        help_text="Organization this user belongs to",
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(default=True, help_text="Whether user can login (soft delete)")
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin")
    last_login_at = models.DateTimeField(
        null=True, blank=True, help_text="Timestamp of user's last login"
    )
    # Django's own `last_login` is replaced by `last_login_at`, which only login code sets.
    last_login = None

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        db_table = "users"
        verbose_name = "User"
        verbose_name_plural = "Users"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="users_email_ci_unique"),
        ]
        indexes = [models.Index(fields=["organization", "role"], name="users_org_role_idx")]

    def __str__(self) -> str:
        return f"{self.email} ({self.organization.name})"

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        self.email_normalized = normalize_email(self.email)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "email" in update_fields:
            kwargs["update_fields"] = {*update_fields, "email_normalized"}
        super().save(*args, **kwargs)

    @property
    def is_org_admin(self) -> bool:
        return self.role == self.Role.ADMIN
