"""Writes for organizations: create, bootstrap (organization + first admin), settings,
deactivate and reactivate."""

from django.db import transaction
from django.utils.text import slugify

from hooklane.accounts.audit import audit_record
from hooklane.accounts.models import (
    AuditEvent,
    Organization,
    User,
    UserSession,
    normalize_email,
)
from hooklane.accounts.quotas import QUOTA_FIELDS

from .sessions import sessions_end


def _unique_slug(name: str) -> str:
    base = slugify(name)[:90] or "org"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def organization_create(*, name: str) -> Organization:
    """Create an organization with a unique slug derived from its name."""
    return Organization.objects.create(name=name.strip(), slug=_unique_slug(name))


@transaction.atomic
def organization_bootstrap(
    *, org_name: str, email: str, staff: bool = False
) -> tuple[Organization, User, bool]:
    """Ensure an organization and an active admin with that email exist; idempotent.

    Returns (organization, user, created) where created says whether anything was new.
    """
    email = email.strip().lower()
    user = (
        User.objects.select_related("organization")
        .filter(email_normalized=normalize_email(email))
        .first()
    )
    if user is not None:
        changed = False
        if not user.is_active or user.role != User.Role.ADMIN or (staff and not user.is_staff):
            user.is_active, user.role = True, User.Role.ADMIN
            user.is_staff = user.is_staff or staff
            user.is_superuser = user.is_superuser or staff
            user.save(update_fields=["is_active", "role", "is_staff", "is_superuser", "updated_at"])
            changed = True
        return user.organization, user, changed

    organization = Organization.objects.filter(name=org_name.strip()).first()
    if organization is None:
        organization = organization_create(name=org_name)
    user = User.objects.create_user(
        email,
        organization=organization,
        role=User.Role.ADMIN,
        is_staff=staff,
        is_superuser=staff,
    )
    return organization, user, True


@transaction.atomic
def organization_update(
    *,
    organization: Organization,
    request=None,
    name: str | None = None,
    retention_days: int | None = None,
    **quotas: int | None,
) -> Organization:
    """Change an organization's name, retention and/or quotas (QUOTA_FIELDS; None there means
    the deployment default), recording what changed in the audit log. Ingest sees new quotas
    within INGEST_PROVIDER_CACHE_SECONDS, when its cached providers expire."""
    unknown = set(quotas) - set(QUOTA_FIELDS)
    if unknown:
        raise TypeError(f"not a quota field: {', '.join(sorted(unknown))}")
    changes = {}
    if name is not None and name.strip() != organization.name:
        changes["name"] = [organization.name, name.strip()]
        organization.name = name.strip()
    if retention_days is not None and retention_days != organization.retention_days:
        changes["retention_days"] = [organization.retention_days, retention_days]
        organization.retention_days = retention_days
    for name, value in quotas.items():
        if value != getattr(organization, name):
            changes[name] = [getattr(organization, name), value]
            setattr(organization, name, value)
    if changes:
        organization.save(update_fields=[*changes, "updated_at"])
        audit_record(
            organization=organization,
            action=AuditEvent.Action.ORGANIZATION_UPDATE,
            request=request,
            target=organization,
            metadata={"changes": changes},
        )
    return organization


@transaction.atomic
def organization_deactivate(*, organization: Organization) -> Organization:
    """Switch an organization off at once: its sessions are deleted, its API keys and its
    users' links and codes stop working, and nobody of it can log in. Nothing is deleted.

    Its ingest URLs answer 404 once the provider cache lets go of them (at most
    INGEST_PROVIDER_CACHE_SECONDS plus a few seconds); deliveries already queued finish."""
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    organization.is_active = False
    organization.save(update_fields=["is_active", "updated_at"])
    # Every request checks the organization too (accounts/backends.py, ApiKey.is_usable), so a
    # session written by a login racing this authenticates no one either.
    sessions_end(sessions=UserSession.objects.filter(user__organization=organization))
    return organization


@transaction.atomic
def organization_reactivate(*, organization: Organization) -> Organization:
    """Switch an organization back on; its users log in again with new links or codes."""
    organization.is_active = True
    organization.save(update_fields=["is_active", "updated_at"])
    return organization
