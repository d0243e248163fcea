"""Writes to destinations: create, change, pause, resume, rotate the secret, delete (begun
here, carried out in batches by a job)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hooklane.accounts.audit import audit_record
from hooklane.accounts.models import AuditEvent, Organization
from hooklane.core.errors import Conflict, ValidationFailed
from hooklane.webhooks.models import WebhookProvider

from .. import validation
from ..db_models.destination_model import new_signing_secret
from ..models import Delivery, DeliveryAttempt, Destination
from .dispatch import deliveries_admit
from .routing import log_refresh_status

Action = AuditEvent.Action
_PLAIN_FIELDS = (
    "name",
    "url",
    "event_types",
    "headers",
    "timeout_seconds",
    "max_attempts",
    "filter_expression",
    "transformation",
)


def _providers(organization: Organization, provider_ids) -> list[WebhookProvider]:
    ids = list(dict.fromkeys(str(pk) for pk in provider_ids or []))
    found = list(
        WebhookProvider.objects.filter(
            organization=organization, pk__in=ids, deleted_at__isnull=True
        )
    )
    if len(found) != len(ids):
        # Another organization's provider reads as unknown, like any id that does not exist.
        message = "Unknown provider."
        raise ValidationFailed(message, fields={"provider_ids": [message]})
    return found


def _clean(changes: dict) -> dict:
    cleaners = {
        "url": validation.clean_url,
        "headers": validation.clean_headers,
        "event_types": validation.clean_event_types,
        "retry_schedule": validation.clean_retry_schedule,
        "timeout_seconds": validation.clean_timeout,
        "max_attempts": validation.clean_max_attempts,
        "filter_expression": validation.clean_filter_expression,
        "transformation": validation.clean_transformation,
    }
    cleaned = dict(changes)
    for name, clean in cleaners.items():
        if name in cleaned:
            cleaned[name] = clean(cleaned[name])
    if "name" in cleaned:
        cleaned["name"] = cleaned["name"].strip()
        if not cleaned["name"]:
            raise ValidationFailed("A name is required.", fields={"name": ["A name is required."]})
    return cleaned


def _expressions(fields: dict) -> dict:
    """The filter and transformation as saved, for the audit trail (they decide what is
    sent where, and hold no secret)."""
    names = ("filter_expression", "transformation")
    return {name: fields[name] for name in names if name in fields}


@transaction.atomic
def destination_create(
    *,
    organization: Organization,
    name: str,
    url: str,
    provider_ids=(),
    event_types=(),
    headers: dict | None = None,
    timeout_seconds: int = 15,
    max_attempts: int = 8,
    retry_schedule: list | None = None,
    filter_expression: str = "",
    transformation: str = "",
    is_active: bool = True,
    request=None,
) -> Destination:
    """Create a destination with a fresh signing secret, its URL checked by the SSRF guard."""
    fields = _clean(
        {
            "name": name,
            "url": url,
            "event_types": list(event_types or []),
            "headers": headers or {},
            "timeout_seconds": timeout_seconds,
            "max_attempts": max_attempts,
            "retry_schedule": retry_schedule,
            "filter_expression": filter_expression,
            "transformation": transformation,
        }
    )
    providers = _providers(organization, provider_ids)
    destination = Destination.objects.create(
        organization=organization, is_active=is_active, **fields
    )
    destination.providers.set(providers)
    audit_record(
        organization=organization,
        action=Action.DESTINATION_CREATE,
        request=request,
        target=destination,
        metadata={"url": destination.url, **_expressions(fields)},
    )
    return destination


@transaction.atomic
def destination_update(*, destination: Destination, request=None, **changes) -> Destination:
    """Change a destination's settings (the URL is checked again); pausing and resuming go
    through destination_pause / destination_resume."""
    provider_ids = changes.pop("provider_ids", None)
    unknown = set(changes) - {*_PLAIN_FIELDS, "retry_schedule"}
    if unknown:
        raise TypeError(f"destination_update got unexpected fields {sorted(unknown)}")
    cleaned = _clean(changes)
    for name, value in cleaned.items():
        setattr(destination, name, value)
    destination.save()
    if provider_ids is not None:
        destination.providers.set(_providers(destination.organization, provider_ids))
        cleaned["provider_ids"] = sorted(str(pk) for pk in provider_ids)
    audit_record(
        organization=destination.organization,
        action=Action.DESTINATION_UPDATE,
        request=request,
        target=destination,
        metadata={"changed": sorted(cleaned), **_expressions(cleaned)},
    )
    return destination


def destination_pause(*, destination: Destination, request=None) -> Destination:
    """Stop sending; deliveries that come due are held until the destination resumes."""
    with transaction.atomic():
        Destination.objects.filter(pk=destination.pk).update(
            is_active=False, updated_at=timezone.now()
        )
        audit_record(
            organization=destination.organization,
            action=Action.DESTINATION_UPDATE,
            request=request,
            target=destination,
            metadata={"is_active": False},
        )
    destination.refresh_from_db()
    return destination


def destination_resume(*, destination: Destination, request=None) -> int:
    """Send again: every held delivery is queued now. Returns how many were released."""
    now = timezone.now()
    with transaction.atomic():
        Destination.objects.filter(pk=destination.pk).update(
            is_active=True, consecutive_failures=0, updated_at=now
        )
        audit_record(
            organization=destination.organization,
            action=Action.DESTINATION_UPDATE,
            request=request,
            target=destination,
            metadata={"is_active": True},
        )
    # Released in batches, each its own transaction, after the destination row is committed
    # (deliveries are locked after their destination elsewhere, never the other way round).
    released = 0
    while True:
        with transaction.atomic():
            ids = list(
                Delivery.objects.select_for_update(skip_locked=True)
                .filter(destination_id=destination.pk, status=Delivery.Status.HELD)
                .values_list("id", flat=True)[:1000]
            )
            if not ids:
                break
            # They wait for room in the destination's window (dispatch.py).
            Delivery.objects.filter(id__in=ids).update(
                status=Delivery.Status.PENDING, next_attempt_at=now, dispatch_eta=None
            )
        released += len(ids)
    deliveries_admit(destination_ids=[destination.pk])
    destination.refresh_from_db()
    return released


@transaction.atomic
def destination_rotate_secret(
    *, destination: Destination, previous_valid_seconds: int | None = None, request=None
) -> str:
    """Give the destination a new signing secret and return it (shown once). The previous
    secret keeps signing alongside it for `previous_valid_seconds` (0 ends it now)."""
    if previous_valid_seconds is None:
        previous_valid_seconds = settings.DELIVERY_SECRET_ROTATION_GRACE_SECONDS
    now = timezone.now()
    if previous_valid_seconds > 0:
        destination.previous_signing_secret = destination.signing_secret
        destination.previous_secret_expires_at = now + timedelta(seconds=previous_valid_seconds)
    else:
        destination.previous_signing_secret = ""
        destination.previous_secret_expires_at = None
    destination.signing_secret = new_signing_secret()
    destination.save(
        update_fields=[
            "signing_secret",
            "previous_signing_secret",
            "previous_secret_expires_at",
            "updated_at",
        ]
    )
    audit_record(
        organization=destination.organization,
        action=Action.DESTINATION_ROTATE_SECRET,
        request=request,
        target=destination,
        metadata={"previous_valid_seconds": previous_valid_seconds},
    )
    return destination.signing_secret


def destination_delete_begin(*, destination: Destination, request=None) -> int:
    """Take a destination out of service for good: from the commit on routing and replay pass
    it by, its deliveries coming due are held, and no list shows it. Returns how many
    deliveries and attempts destination_delete_batch has left to detach."""
    now = timezone.now()
    with transaction.atomic():
        updated = Destination.objects.filter(pk=destination.pk, deleted_at__isnull=True).update(
            is_active=False, deleted_at=now, updated_at=now
        )
        if not updated:
            raise Conflict("The destination is already being deleted.")
        audit_record(
            organization=destination.organization,
            action=Action.DESTINATION_DELETE,
            request=request,
            target=destination,
            metadata={"url": destination.url},
        )
    return (
        Delivery.objects.filter(destination_id=destination.pk).count()
        + DeliveryAttempt.objects.filter(destination_id=destination.pk).count()
    )


def destination_delete_batch(*, destination_id, limit: int) -> int:
    """One short transaction of a destination's delete: up to `limit` of its deliveries are
    detached, the unfinished ones cancelled (their logs' statuses follow), or else up to
    `limit` attempts; once none are left, the destination row goes. Finished deliveries and
    every attempt stay in the logs' history. Returns how many rows it detached."""
    now = timezone.now()
    with transaction.atomic():
        if not Destination.objects.filter(pk=destination_id, deleted_at__isnull=False).exists():
            return 0
        deliveries = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(destination_id=destination_id)
            .values_list("id", "log_id", "status")[:limit]
        )
        if deliveries:
            open_ids = [pk for pk, _, status in deliveries if status in Delivery.OPEN_STATUSES]
            Delivery.objects.filter(id__in=open_ids).update(
                status=Delivery.Status.CANCELLED,
                next_attempt_at=None,
                dispatch_eta=None,
                finished_at=now,
            )
            Delivery.objects.filter(id__in=[pk for pk, _, _ in deliveries]).update(
                destination_id=None
            )
            open_logs = {
                log_id for _, log_id, status in deliveries if status in Delivery.OPEN_STATUSES
            }
            for log_id in sorted(open_logs):
                log_refresh_status(log_id=log_id)
            return len(deliveries)
        attempts = list(
            DeliveryAttempt.objects.filter(destination_id=destination_id).values_list(
                "id", flat=True
            )[:limit]
        )
        if attempts:
            DeliveryAttempt.objects.filter(id__in=attempts).update(destination_id=None)
            return len(attempts)
        Destination.objects.filter(pk=destination_id).delete()
    return 0
