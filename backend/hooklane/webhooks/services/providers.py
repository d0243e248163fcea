"""Writes of providers: create, change, pause and resume, rotate the secret, delete; audited."""

from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone

from hooklane.accounts.audit import audit_record
from hooklane.accounts.models import AuditEvent, Organization

from ..cache import ingest_provider_forget
from ..models import WebhookProvider
from ..validation import provider_secret_check, provider_settings_clean
from .logs import logs_release_held

Action = AuditEvent.Action


def _forget_cached(provider: WebhookProvider) -> None:
    # Forget now and again after the commit: a request that reloads the row in between
    # would otherwise cache the old version until the entry times out.
    ingest_provider_forget(ingest_key=provider.ingest_key)
    transaction.on_commit(partial(ingest_provider_forget, ingest_key=provider.ingest_key))


@transaction.atomic
def provider_create(
    *,
    organization: Organization,
    provider_name: str,
    display_name: str,
    signing_secret: str = "",
    settings: dict[str, Any] | None = None,
    is_active: bool = True,
    request=None,
) -> WebhookProvider:
    """Create a provider with a fresh ingest key, its secret and settings checked."""
    provider_secret_check(provider_name=provider_name, signing_secret=signing_secret)
    provider = WebhookProvider.objects.create(
        organization=organization,
        provider_name=provider_name,
        display_name=display_name,
        signing_secret=signing_secret,
        settings=provider_settings_clean(provider_name=provider_name, settings=settings),
        is_active=is_active,
    )
    audit_record(
        organization=organization,
        action=Action.PROVIDER_CREATE,
        request=request,
        target=provider,
        metadata={"provider_name": provider_name},
    )
    return provider


@transaction.atomic
def provider_update(
    *,
    provider: WebhookProvider,
    display_name: str | None = None,
    is_active: bool | None = None,
    settings: dict[str, Any] | None = None,
    request=None,
) -> WebhookProvider:
    """Change the name, settings or pause state; resuming queues the logs held meanwhile."""
    changes: dict[str, Any] = {}
    if display_name is not None and display_name != provider.display_name:
        changes["display_name"] = display_name
    if settings is not None:
        cleaned = provider_settings_clean(provider_name=provider.provider_name, settings=settings)
        if cleaned != provider.settings:
            changes["settings"] = cleaned
    if is_active is not None and is_active != provider.is_active:
        changes["is_active"] = is_active
    if not changes:
        return provider

    for name, value in changes.items():
        setattr(provider, name, value)
    provider.save(update_fields=[*changes, "updated_at"])
    metadata: dict[str, Any] = {"changed": sorted(changes)}
    if changes.get("is_active") is True:
        metadata["released_logs"] = logs_release_held(provider_id=provider.id)
    audit_record(
        organization=provider.organization,
        action=Action.PROVIDER_UPDATE,
        request=request,
        target=provider,
        metadata=metadata,
    )
    _forget_cached(provider)
    return provider


@transaction.atomic
def provider_rotate_secret(
    *, provider: WebhookProvider, signing_secret: str, request=None
) -> WebhookProvider:
    """Make `signing_secret` current; the old one keeps verifying for the grace period."""
    provider_secret_check(provider_name=provider.provider_name, signing_secret=signing_secret)
    now = timezone.now()
    provider.previous_signing_secret = provider.signing_secret
    provider.previous_secret_expires_at = now + timedelta(
        seconds=django_settings.PROVIDER_SECRET_GRACE_SECONDS
    )
    provider.signing_secret = signing_secret
    provider.save(
        update_fields=[
            "signing_secret",
            "previous_signing_secret",
            "previous_secret_expires_at",
            "updated_at",
        ]
    )
    audit_record(
        organization=provider.organization,
        action=Action.PROVIDER_ROTATE_SECRET,
        request=request,
        target=provider,
        metadata={"previous_valid_until": provider.previous_secret_expires_at.isoformat()},
    )
    _forget_cached(provider)
    return provider


@transaction.atomic
def provider_delete(*, provider: WebhookProvider, request=None) -> None:
    """Delete a provider and its logs; its ingest URL answers 404 from then on."""
    audit_record(
        organization=provider.organization,
        action=Action.PROVIDER_DELETE,
        request=request,
        target=provider,
        metadata={"provider_name": provider.provider_name},
    )
    _forget_cached(provider)
    provider.delete()
