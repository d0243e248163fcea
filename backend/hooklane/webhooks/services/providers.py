"""Writes of providers: create, change, pause and resume, rotate the secret, delete; audited."""

from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone

from hooklane.accounts.audit import audit_record
from hooklane.accounts.models import AuditEvent, Organization
from hooklane.core.broker import enqueue
from hooklane.core.errors import Conflict, ValidationFailed
from hooklane.core.task_names import VERIFY_AWAITING_LOGS

from ..cache import ingest_provider_forget
from ..models import WebhookLog, WebhookProvider
from ..validation import MAX_SECRET_LENGTH, provider_secret_check, provider_settings_clean

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
    """Create a provider with a fresh ingest key, its secret and settings checked. Without a
    secret a signed sender's requests are captured, awaiting it (see provider_rotate_secret)."""
    provider_secret_check(
        provider_name=provider_name, signing_secret=signing_secret, required=False
    )
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
    """Change the name or settings, or pause. Resuming is provider_resume: the logs held
    meanwhile are released by a background job, not in this transaction."""
    if is_active is True and not provider.is_active:
        message = "Resume a paused provider with POST /api/v1/providers/{id}/resume/."
        raise ValidationFailed(message, fields={"is_active": [message]})
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
    """Make `signing_secret` current; the old one keeps verifying for the grace period.
    Logs captured while the provider had no secret are then verified by a background task."""
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
    if WebhookLog.objects.filter(
        provider_id=provider.pk, status=WebhookLog.Status.AWAITING_SECRET
    ).exists():
        # Captured before the provider had a secret: verified now, in batches, by a task.
        enqueue(VERIFY_AWAITING_LOGS, [str(provider.pk)])
    return provider


@transaction.atomic
def provider_secret_capture(*, provider_id, signing_secret: str) -> bool:
    """Make the secret a sender handed over in its set-up handshake (Asana's X-Hook-Secret)
    the provider's, only while the provider has none: anyone who knows the ingest URL can
    send a handshake, so one must never replace a secret already set (that would let them
    sign). True when it was stored; audited as a rotation with no actor."""
    provider = (
        WebhookProvider.objects.select_for_update()
        .filter(pk=provider_id, deleted_at__isnull=True)
        .first()
    )
    if provider is None or provider.signing_secret or not signing_secret:
        return False
    if len(signing_secret) > MAX_SECRET_LENGTH:
        return False
    provider.signing_secret = signing_secret
    provider.save(update_fields=["signing_secret", "updated_at"])
    audit_record(
        organization=provider.organization,
        action=Action.PROVIDER_ROTATE_SECRET,
        target=provider,
        metadata={"from": "handshake"},
    )
    _forget_cached(provider)
    return True


@transaction.atomic
def provider_resume(*, provider: WebhookProvider, request=None) -> int:
    """Take a paused provider back into service: new webhooks are processed at once; returns
    how many held logs wait to be released (logs_release_held, in batches, by a job; the
    requeue sweep releases any that job leaves behind)."""
    updated = WebhookProvider.objects.filter(
        pk=provider.pk, is_active=False, deleted_at__isnull=True
    ).update(is_active=True, updated_at=timezone.now())
    if not updated:
        raise Conflict("The provider is not paused.")
    provider.refresh_from_db()
    held = WebhookLog.objects.filter(provider_id=provider.pk, status=WebhookLog.Status.HELD)
    count = held.count()
    audit_record(
        organization=provider.organization,
        action=Action.PROVIDER_UPDATE,
        request=request,
        target=provider,
        metadata={"changed": ["is_active"], "held_logs": count},
    )
    _forget_cached(provider)
    return count


@transaction.atomic
def provider_delete_begin(*, provider: WebhookProvider, request=None) -> int:
    """Take a provider out of service for good: from the commit on its ingest URL answers
    404 and no list or lookup shows it; returns how many logs provider_delete_batch has
    left to delete."""
    now = timezone.now()
    updated = WebhookProvider.objects.filter(pk=provider.pk, deleted_at__isnull=True).update(
        is_active=False, deleted_at=now, updated_at=now
    )
    if not updated:
        raise Conflict("The provider is already being deleted.")
    audit_record(
        organization=provider.organization,
        action=Action.PROVIDER_DELETE,
        request=request,
        target=provider,
        metadata={"provider_name": provider.provider_name},
    )
    _forget_cached(provider)
    return WebhookLog.objects.filter(provider_id=provider.pk).count()


def provider_delete_batch(*, provider_id, limit: int) -> int:
    """Delete up to `limit` logs of a provider being deleted, with their deliveries and
    attempts, in one short transaction; once none are left, the provider itself. Returns
    how many logs went (0: the provider is gone)."""
    with transaction.atomic():
        if not WebhookProvider.objects.filter(pk=provider_id, deleted_at__isnull=False).exists():
            return 0
        ids = list(
            WebhookLog.objects.filter(provider_id=provider_id).values_list("id", flat=True)[:limit]
        )
        if ids:
            WebhookLog.objects.filter(id__in=ids).delete()
        else:
            WebhookProvider.objects.filter(pk=provider_id).delete()
    return len(ids)
