"""Failure alerts to an organization's admins: at most one per destination per interval."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from hooklane.accounts.models import User
from hooklane.core import task_names
from hooklane.core.broker import enqueue

from ..models import Destination

REASONS = {
    "exhausted": "a webhook could not be delivered after every attempt",
    "failing": "its last {n} deliveries failed in a row",
    "gone": "it answered 410 Gone, so Hooklane paused it",
}


def destination_alert_if_due(*, destination_id, reason: str, delivery_id=None) -> bool:
    """Queue an alert email unless this destination had one within the alert interval.

    The conditional UPDATE decides: of any number of workers failing at once, exactly one
    moves last_alert_at and sends."""
    now = timezone.now()
    quiet_since = now - timedelta(seconds=settings.DELIVERY_ALERT_INTERVAL_SECONDS)
    claimed = (
        Destination.objects.filter(pk=destination_id)
        .filter(Q(last_alert_at__isnull=True) | Q(last_alert_at__lte=quiet_since))
        .update(last_alert_at=now)
    )
    if not claimed:
        return False
    args = [str(destination_id), reason, str(delivery_id) if delivery_id else None]
    enqueue(task_names.SEND_DESTINATION_ALERT, args)
    return True


def destination_alert_send(*, destination_id, reason: str, delivery_id=None) -> int:
    """Email the destination organization's active admins; returns how many were sent."""
    destination = (
        Destination.objects.select_related("organization").filter(pk=destination_id).first()
    )
    if destination is None:
        return 0
    admins = list(
        User.objects.filter(
            organization_id=destination.organization_id, role=User.Role.ADMIN, is_active=True
        ).values_list("email", flat=True)
    )
    if not admins:
        return 0
    minutes = max(1, settings.DELIVERY_ALERT_INTERVAL_SECONDS // 60)
    context = {
        "destination": destination,
        "why": REASONS.get(reason, reason).format(n=settings.DELIVERY_ALERT_CONSECUTIVE_FAILURES),
        "delivery_id": delivery_id,
        "link": f"{settings.PUBLIC_BASE_URL}/destinations/{destination.id}",
        "interval": f"{minutes} minute{'s' if minutes != 1 else ''}",
    }
    message = EmailMultiAlternatives(
        subject=f"[Hooklane] Deliveries to {destination.name} are failing",
        body=render_to_string("delivery/email/destination_alert.txt", context),
        to=admins,
    )
    message.attach_alternative(
        render_to_string("delivery/email/destination_alert.html", context), "text/html"
    )
    return message.send()
