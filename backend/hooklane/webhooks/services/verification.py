"""Checking a stored request's signature again: re-verify a rejected log against the current
or a given secret, and verify the logs a provider captured before it had a secret once it
has one; those that verify are processed like any accepted webhook."""

import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from hooklane.accounts.audit import audit_record
from hooklane.accounts.models import AuditEvent
from hooklane.core.errors import Conflict

from ..models import WebhookLog, WebhookProvider
from ..parsing import FORM_CONTENT_TYPE, parse_form, parse_json, storable_event
from ..schemes import Event, SignatureError, SignedRequest, verify
from .logs import _enqueue

Status = WebhookLog.Status
# Logs verified per transaction when a provider's secret arrives (each a verify and an UPDATE).
AWAITING_BATCH_SIZE = 200


@dataclass(frozen=True, slots=True)
class ReverifyResult:
    verified: bool
    reason: str  # a SignatureError reason when not verified, "" when it is
    detail: str
    log: WebhookLog


def stored_signed_request(log: WebhookLog, provider: WebhookProvider) -> SignedRequest:
    """The request as the sender sent it, rebuilt from what the log stored: the raw body, its
    headers and its signature headers (kept apart for admins). The URL is the provider's
    ingest URL, as the query string is not stored."""
    body = bytes(log.body)
    headers = {**(log.headers or {}), **(log.signature_headers or {})}
    form = None
    if log.content_type.split(";", 1)[0].strip().lower() == FORM_CONTENT_TYPE:
        form = parse_form(body)
        payload = form
    else:
        payload = parse_json(body)
    return SignedRequest(
        headers=headers, body=body, url=provider.ingest_url, payload=payload, form=form
    )


def _provider_secrets(provider: WebhookProvider, now: float) -> list[str]:
    secrets = [provider.signing_secret] if provider.signing_secret else []
    expires = provider.previous_secret_expires_at
    if provider.previous_signing_secret and expires is not None and expires.timestamp() > now:
        secrets.append(provider.previous_signing_secret)
    return secrets


def _accept(log: WebhookLog, provider: WebhookProvider, event: Event, *, was: str) -> str:
    """Move a log that was `was` on as ingest would have: received (held when the provider
    is paused), or duplicate when its event id was accepted meanwhile. Returns the status;
    the caller queues the received ones after the commit."""
    external_id, event_type = storable_event(event)
    status = Status.RECEIVED if provider.is_active else Status.HELD
    fields = {
        "event_type": event_type,
        "error": "",
        "verification": event.verification,
        "verification_reason": "",
    }
    try:
        with transaction.atomic():
            updated = WebhookLog.objects.filter(pk=log.pk, status=was).update(
                status=status, external_id=external_id, updated_at=timezone.now(), **fields
            )
    except IntegrityError:
        # The unique (provider, external_id) index: this event was accepted under another log.
        status = Status.DUPLICATE
        updated = WebhookLog.objects.filter(pk=log.pk, status=was).update(
            status=status, updated_at=timezone.now(), **fields
        )
    if not updated:
        raise Conflict(f"The log is no longer {was}.")
    return status


@transaction.atomic
def log_reverify(*, log: WebhookLog, secret: str | None = None, request=None) -> ReverifyResult:
    """Check a rejected log's stored request against `secret` (never stored, never logged)
    or the provider's current secrets; when it verifies, it goes on like an accepted one.
    Conflict when the log is not rejected. Audited either way."""
    # A request refused for something else (a forwarding loop) must stay refused.
    if log.status != Status.REJECTED or not log.verification_reason:
        raise Conflict("Only logs rejected for their signature can be re-verified.")
    provider = WebhookProvider.objects.get(pk=log.provider_id)
    now = time.time()
    secrets = [secret] if secret else _provider_secrets(provider, now)
    signed = stored_signed_request(log, provider)
    # Timestamps are judged against the moment the request arrived, not the re-check.
    received = log.received_at.timestamp()
    try:
        event = verify(provider.provider_name, signed, secrets, provider.settings, received)
    except SignatureError as exc:
        verified, reason, detail = False, exc.reason, str(exc)
    else:
        if _accept(log, provider, event, was=Status.REJECTED) == Status.RECEIVED:
            _enqueue([log.pk], log.organization_id)
        verified, reason, detail = True, "", "The signature verifies."
    audit_record(
        organization=log.organization,
        action=AuditEvent.Action.LOG_REVERIFY,
        request=request,
        target=log,
        metadata={"verified": verified, "reason": reason, "given_secret": bool(secret)},
    )
    log.refresh_from_db()
    return ReverifyResult(verified=verified, reason=reason, detail=detail, log=log)


def logs_verify_awaiting(*, provider_id, limit: int) -> int:
    """Verify up to `limit` of a provider's logs captured before it had a secret, oldest
    first, in one transaction: those that pass go on as received (queued on commit), those
    that fail become rejected with their reason. Returns how many were settled; 0 while the
    provider still has no secret (or is gone)."""
    with transaction.atomic():
        provider = WebhookProvider.objects.filter(pk=provider_id, deleted_at__isnull=True).first()
        if provider is None or not provider.signing_secret:
            return 0
        secrets = _provider_secrets(provider, time.time())
        logs = list(
            WebhookLog.objects.filter(provider_id=provider_id, status=Status.AWAITING_SECRET)
            .select_for_update(skip_locked=True)
            .order_by("received_at", "id")[:limit]
        )
        queued = []
        for log in logs:
            signed = stored_signed_request(log, provider)
            try:
                event = verify(
                    provider.provider_name,
                    signed,
                    secrets,
                    provider.settings,
                    log.received_at.timestamp(),
                )
            except SignatureError as exc:
                WebhookLog.objects.filter(pk=log.pk).update(
                    status=Status.REJECTED,
                    verification=WebhookLog.Verification.FAILED,
                    verification_reason=exc.reason,
                    error=str(exc)[:1000],
                    updated_at=timezone.now(),
                )
                continue
            if _accept(log, provider, event, was=Status.AWAITING_SECRET) == Status.RECEIVED:
                queued.append(log.pk)
        if queued:
            _enqueue(queued, provider.organization_id)
    return len(logs)


_AWAITING_FORGOTTEN = """
SELECT DISTINCT log.provider_id FROM webhook_logs AS log
JOIN webhook_providers AS provider ON provider.id = log.provider_id
WHERE log.status = 'awaiting_secret' AND log.updated_at < %s
  AND provider.signing_secret <> '' AND provider.deleted_at IS NULL
"""


def providers_with_forgotten_awaiting_logs() -> list:
    """Providers that have a secret yet still hold logs awaiting one for over
    INGEST_REQUEUE_AFTER_SECONDS: their verification task was lost (the broker was down when
    the secret was set). The requeue sweep publishes it again."""
    before = timezone.now() - timedelta(seconds=settings.INGEST_REQUEUE_AFTER_SECONDS)
    with connection.cursor() as cursor:
        cursor.execute(_AWAITING_FORGOTTEN, (before,))
        return [row[0] for row in cursor.fetchall()]
