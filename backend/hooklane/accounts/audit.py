"""Record audit events; every service that changes something worth auditing calls this."""

from django.conf import settings

from hooklane.core.net import source_ip

from .models import AuditEvent


def client_ip(request) -> str | None:
    """The client's address; behind a TRUSTED_PROXY, the hop the proxy appended."""
    if request is None:
        return None
    return source_ip(request.META, trust_forwarded=settings.TRUSTED_PROXY)


def audit_record(
    *,
    organization,
    action: str,
    request=None,
    actor=None,
    target=None,
    metadata: dict | None = None,
) -> AuditEvent:
    """Store one audit event. The actor defaults to the request's user and API key."""
    user = actor if actor is not None else getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    api_key = getattr(request, "auth", None) if request is not None else None
    if not getattr(api_key, "is_api_key", False):
        api_key = None
    label = user.email if user is not None else ""
    if api_key is not None:
        label = f"{label} via key {api_key.prefix}…"
    return AuditEvent.objects.create(
        organization=organization,
        actor_user=user,
        actor_api_key=api_key,
        actor_label=label,
        action=action,
        target_type=target._meta.model_name if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        ip=client_ip(request),
        metadata=metadata or {},
    )
