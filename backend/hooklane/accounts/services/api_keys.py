"""Writes for API keys: create (the secret is returned once) and revoke."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from hooklane.accounts.audit import audit_record
from hooklane.accounts.db_models.api_key_model import generate_key, hash_key
from hooklane.accounts.models import ApiKey, AuditEvent, User
from hooklane.core.errors import ValidationFailed

# `hlk_` plus 8 characters of the secret: enough to tell keys apart, useless to an attacker.
VISIBLE_PREFIX_LENGTH = 12


@transaction.atomic
def api_key_create(
    *,
    created_by: User,
    name: str,
    scope: str = ApiKey.Scope.READ,
    expires_at: datetime | None = None,
    request=None,
) -> tuple[ApiKey, str]:
    """Create a key in the creator's organization; returns (key, raw secret). Only the
    secret's SHA-256 is stored, so the caller must hand the secret over now or never."""
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationFailed(fields={"expires_at": ["Must be in the future."]})
    raw = generate_key()
    key = ApiKey.objects.create(
        organization=created_by.organization,
        created_by=created_by,
        name=name.strip(),
        prefix=raw[:VISIBLE_PREFIX_LENGTH],
        key_hash=hash_key(raw),
        scope=scope,
        expires_at=expires_at,
    )
    audit_record(
        organization=key.organization,
        action=AuditEvent.Action.API_KEY_CREATE,
        request=request,
        target=key,
        metadata={"scope": scope},
    )
    return key, raw


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, request=None) -> ApiKey:
    """Revoke the key for good (idempotent); the next request with it gets 401."""
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            organization=api_key.organization,
            action=AuditEvent.Action.API_KEY_REVOKE,
            request=request,
            target=api_key,
        )
    return api_key
