"""Writes of `hooklane listen` sessions: start one (its secret shown once), record the local
answers the CLI reports as attempts on each log's timeline (once per session and log)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from hooklane.accounts.audit import audit_record
from hooklane.accounts.models import AuditEvent, Organization
from hooklane.core import live
from hooklane.core.errors import ApplicationError, ValidationFailed
from hooklane.webhooks.models import WebhookLog, WebhookProvider

from .. import validation
from ..models import DeliveryAttempt, ListenSession

Outcome = DeliveryAttempt.Outcome
RESPONSE_EXCERPT_CHARS = 4096


class SessionExpired(ApplicationError):
    """This listen session expired; start a new one."""

    status_code = 410
    code = "session_expired"


def _outcome(status_code: int | None, failure: str) -> str:
    if status_code is None:
        return Outcome.TIMEOUT if failure == Outcome.TIMEOUT else Outcome.CONNECTION_ERROR
    if 200 <= status_code < 300:
        return Outcome.SUCCEEDED
    if 300 <= status_code < 400:
        return Outcome.REDIRECT
    if status_code == 429:
        return Outcome.RATE_LIMITED
    return Outcome.HTTP_ERROR


@transaction.atomic
def listen_session_create(
    *,
    organization: Organization,
    provider_id=None,
    event_type: str = "",
    forward_to: str = "",
    request=None,
) -> ListenSession:
    """Start a listen session with a fresh `whsec_` secret, audited."""
    provider = None
    if provider_id is not None:
        provider = WebhookProvider.objects.filter(
            organization=organization, pk=provider_id, deleted_at__isnull=True
        ).first()
        if provider is None:
            # Another organization's provider reads as unknown, like any id that does not exist.
            raise ValidationFailed(
                "Unknown provider.", fields={"provider_id": ["Unknown provider."]}
            )
    if event_type:
        event_type = validation.clean_event_types([event_type])[0]
    user = getattr(request, "user", None)
    session = ListenSession.objects.create(
        organization=organization,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        provider=provider,
        event_type=event_type,
        forward_to=forward_to[:2048],
    )
    audit_record(
        organization=organization,
        action=AuditEvent.Action.LISTEN_SESSION_CREATE,
        request=request,
        target=session,
        metadata={"forward_to": session.forward_to, "event_type": event_type},
    )
    return session


def listen_session_touch(*, session: ListenSession) -> ListenSession:
    """Keep an active session alive (the CLI calls it while it waits); refused once expired."""
    now = timezone.now()
    if session.is_expired(now):
        raise SessionExpired()
    ListenSession.objects.filter(pk=session.pk).update(last_seen_at=now)
    session.last_seen_at = now
    return session


def listen_attempt_record(
    *,
    session: ListenSession,
    log_id,
    status_code: int | None = None,
    failure: str = "",
    duration_ms: int = 0,
    response_excerpt: str = "",
    error: str = "",
) -> tuple[DeliveryAttempt, bool]:
    """Record the local answer to one log as an attempt, once per (session, log): a report
    sent again returns the first one. Returns (attempt, created)."""
    listen_session_touch(session=session)
    log = WebhookLog.objects.filter(organization_id=session.organization_id, pk=log_id).first()
    if log is None:
        raise ValidationFailed("Unknown log.", fields={"log_id": ["Unknown log."]})
    existing = DeliveryAttempt.objects.filter(listen_session=session, log=log).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            attempt = DeliveryAttempt.objects.create(
                listen_session=session,
                log=log,
                attempt_number=1,
                outcome=_outcome(status_code, failure),
                status_code=status_code,
                response_excerpt=response_excerpt[:RESPONSE_EXCERPT_CHARS],
                duration_ms=duration_ms,
                error=error[:1000],
            )
    except IntegrityError:
        # Two reports of the same answer raced; the first one stands.
        return DeliveryAttempt.objects.get(listen_session=session, log=log), False
    # The dashboard's log detail shows it at once, like a destination's attempt.
    live.publish_on_commit(
        live.attempt_event(
            organization_id=session.organization_id,
            log_id=log.id,
            provider_id=log.provider_id,
            event_type=log.event_type,
            destination_id=None,
            delivery_id=None,
            attempt_number=attempt.attempt_number,
            outcome=attempt.outcome,
            status_code=attempt.status_code,
            duration_ms=attempt.duration_ms,
            delivery_status=None,
            at=attempt.created_at,
        )
    )
    return attempt, True
