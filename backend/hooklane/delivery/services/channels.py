"""Notification channels: create, change, delete, test; and sending one issue's message.

Every chat or webhook message goes through the SSRF guard and the attempt sender
(`ssrf.vet_url`, `sender.post`) with one deadline, DELIVERY_NOTIFY_TIMEOUT_SECONDS, like a
forward. Channel URLs are encrypted at rest (Slack, Discord and Teams webhook URLs are
their credentials) and shown only as `url_hint`.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from hooklane.accounts.audit import audit_record
from hooklane.accounts.models import AuditEvent, Organization, User
from hooklane.core import task_names
from hooklane.core.broker import enqueue
from hooklane.core.errors import ValidationFailed

from .. import channel_messages, sender, ssrf, validation
from ..channel_messages import IssueNotice
from ..db_models.destination_model import new_signing_secret
from ..models import Destination, Issue, NotificationChannel
from ..signing import signature_headers

Type = NotificationChannel.Type
Action = AuditEvent.Action
MAX_EMAILS = 20
DEFAULT_CHANNEL_NAME = "Admins by email"


class ChannelSendFailed(Exception):
    """The channel did not take the message (an HTTP error, a timeout, a refused address)."""


@dataclass
class SendOutcome:
    delivered: bool
    status_code: int | None = None
    error: str = ""


def _fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: [message]})


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise _fail("url", "This channel needs its webhook URL.")
    # Plain http only where private destinations are (development and tests): a chat
    # webhook's URL is its password, and must not cross the network in clear.
    if urlsplit(url).scheme != "https" and not ssrf.private_destinations_allowed():
        raise _fail("url", "The URL must use https.")
    return validation.clean_url(url)


def url_hint(url: str) -> str:
    """Enough of a URL to recognise it, not enough to use it: scheme, host, first segment."""
    parts = urlsplit(url)
    first = parts.path.strip("/").split("/", 1)[0]
    return f"{parts.scheme}://{parts.netloc}/{first[:24]}{'/…' if first else '…'}"


def _clean_kinds(kinds) -> list[str]:
    kinds = list(dict.fromkeys(kinds or []))
    unknown = [kind for kind in kinds if kind not in Issue.Kind.values]
    if unknown:
        raise _fail("issue_kinds", f"Unknown issue kind: {unknown[0]}.")
    return kinds


def _clean_emails(emails) -> list[str]:
    emails = list(dict.fromkeys(email.strip().lower() for email in emails or []))
    if len(emails) > MAX_EMAILS:
        raise _fail("emails", f"At most {MAX_EMAILS} addresses.")
    for email in emails:
        try:
            validate_email(email)
        except ValidationError:
            raise _fail("emails", f"Not an email address: {email}.") from None
    return emails


def _clean(channel_type: str, changes: dict) -> dict:
    cleaned = dict(changes)
    if "name" in cleaned:
        cleaned["name"] = cleaned["name"].strip()
        if not cleaned["name"]:
            raise _fail("name", "A name is required.")
    if "issue_kinds" in cleaned:
        cleaned["issue_kinds"] = _clean_kinds(cleaned["issue_kinds"])
    if channel_type == Type.EMAIL:
        if cleaned.get("url"):
            raise _fail("url", "An email channel has no URL.")
        cleaned.pop("url", None)
        if "emails" in cleaned:
            cleaned["emails"] = _clean_emails(cleaned["emails"])
    else:
        if cleaned.get("emails"):
            raise _fail("emails", "Only an email channel has addresses.")
        cleaned.pop("emails", None)
        if "url" in cleaned:
            cleaned["url"] = _clean_url(cleaned["url"])
            cleaned["url_hint"] = url_hint(cleaned["url"])
    return cleaned


def _audit(channel: NotificationChannel, action: str, request, **metadata) -> None:
    audit_record(
        organization=channel.organization,
        action=action,
        request=request,
        target=channel,
        metadata={"type": channel.type, **metadata},
    )


@transaction.atomic
def channel_create(
    *,
    organization: Organization,
    name: str,
    type: str,  # noqa: A002 - the API's field name
    issue_kinds=(),
    emails=(),
    url: str = "",
    is_active: bool = True,
    request=None,
) -> NotificationChannel:
    """Create a channel; a signed webhook gets a fresh whsec_ secret (readable this once)."""
    if type not in Type.values:
        raise _fail("type", f"Unknown channel type: {type}.")
    fields = _clean(type, {"name": name, "issue_kinds": issue_kinds, "emails": emails, "url": url})
    if type == Type.EMAIL:
        fields.pop("url", None)
    channel = NotificationChannel.objects.create(
        organization=organization,
        type=type,
        is_active=is_active,
        signing_secret=new_signing_secret() if type == Type.WEBHOOK else "",
        created_by=getattr(request, "user", None) if request is not None else None,
        **fields,
    )
    _audit(channel, Action.CHANNEL_CREATE, request)
    return channel


def channel_create_default(*, organization: Organization) -> NotificationChannel:
    """Every organization starts with its admins emailed about every issue (what Hooklane's
    failure alerts did before channels)."""
    return NotificationChannel.objects.create(
        organization=organization, name=DEFAULT_CHANNEL_NAME, type=Type.EMAIL
    )


@transaction.atomic
def channel_update(*, channel: NotificationChannel, request=None, **changes) -> NotificationChannel:
    """Change name, kinds, addresses, URL or whether it is active; the type stays."""
    fields = _clean(channel.type, changes)
    for name, value in fields.items():
        setattr(channel, name, value)
    channel.save(update_fields=[*fields, "updated_at"])
    # Which fields changed, never their values (a URL is a credential).
    _audit(channel, Action.CHANNEL_UPDATE, request, fields=sorted(changes))
    return channel


@transaction.atomic
def channel_delete(*, channel: NotificationChannel, request=None) -> None:
    _audit(channel, Action.CHANNEL_DELETE, request)
    channel.delete()


def _notice(issue: Issue, event: str) -> IssueNotice:
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    new = issue.count if event == "opened" else issue.notified_count - issue.previous_notified_count
    return IssueNotice(
        event=event,
        issue_id=str(issue.id),
        kind=issue.kind,
        kind_label=issue.get_kind_display(),
        state=issue.state,
        destination_id=str(issue.destination_id),
        destination_name=issue.destination.name,
        count=issue.count,
        new_since_last=max(new, 0),
        first_seen_at=issue.first_seen_at,
        last_seen_at=issue.last_seen_at,
        last_status_code=issue.last_status_code,
        last_error=issue.last_error,
        issue_url=f"{base}/issues/{issue.id}",
        log_url=f"{base}/logs/{issue.sample_log_id}" if issue.sample_log_id else None,
    )


def _test_notice() -> IssueNotice:
    now = timezone.now()
    return IssueNotice(
        event="test",
        issue_id=str(uuid.UUID(int=0)),
        kind=Issue.Kind.HTTP_5XX,
        kind_label=Issue.Kind.HTTP_5XX.label,
        state=Issue.State.OPEN,
        destination_id=str(uuid.UUID(int=0)),
        destination_name="Example destination",
        count=3,
        new_since_last=3,
        first_seen_at=now - timedelta(minutes=5),
        last_seen_at=now,
        last_status_code=503,
        last_error="HTTP 503",
        issue_url=f"{settings.PUBLIC_BASE_URL.rstrip('/')}/issues",
        log_url=None,
    )


def _email(channel: NotificationChannel, notice: IssueNotice) -> SendOutcome:
    recipients = list(channel.emails) or list(
        User.objects.filter(
            organization_id=channel.organization_id, role=User.Role.ADMIN, is_active=True
        ).values_list("email", flat=True)
    )
    if not recipients:
        return SendOutcome(delivered=False, error="No one to email: the organization has no admin.")
    minutes = max(1, settings.DELIVERY_ALERT_INTERVAL_SECONDS // 60)
    context = {
        "notice": notice,
        "interval": f"{minutes} minute{'s' if minutes != 1 else ''}",
    }
    message = EmailMultiAlternatives(
        subject=f"[Hooklane] {notice.title}",
        body=render_to_string("delivery/email/issue_alert.txt", context),
        to=recipients,
    )
    message.attach_alternative(
        render_to_string("delivery/email/issue_alert.html", context), "text/html"
    )
    message.send()
    return SendOutcome(delivered=True)


def _post(channel: NotificationChannel, notice: IssueNotice) -> SendOutcome:
    now = timezone.now()
    headers = {"Content-Type": "application/json"}
    if channel.type == Type.WEBHOOK:
        body = channel_messages.webhook(notice, timestamp=now)
        headers.update(
            signature_headers(
                secrets=[channel.signing_secret],
                msg_id=f"msg_{uuid.uuid4().hex}",
                timestamp=int(now.timestamp()),
                body=body,
            )
        )
    else:
        body = channel_messages.CHAT[channel.type](notice)
    try:
        target = ssrf.vet_url(channel.url)
        result = sender.post(
            target, body=body, headers=headers, timeout=settings.DELIVERY_NOTIFY_TIMEOUT_SECONDS
        )
    except (ssrf.UnsafeDestination, sender.SendTimeout, sender.SendConnectionError) as exc:
        return SendOutcome(delivered=False, error=str(exc)[:500])
    if not 200 <= result.status_code < 300:
        return SendOutcome(
            delivered=False, status_code=result.status_code, error=f"HTTP {result.status_code}"
        )
    return SendOutcome(delivered=True, status_code=result.status_code)


def _send(channel: NotificationChannel, notice: IssueNotice) -> SendOutcome:
    outcome = _email(channel, notice) if channel.type == Type.EMAIL else _post(channel, notice)
    changes = {"last_error": outcome.error}
    if outcome.delivered:
        changes["last_sent_at"] = timezone.now()
    NotificationChannel.objects.filter(pk=channel.pk).update(**changes)
    return outcome


def channel_test(*, channel: NotificationChannel, request=None) -> SendOutcome:
    """Send a sample message now and say whether the channel took it."""
    outcome = _send(channel, _test_notice())
    _audit(channel, Action.CHANNEL_TEST, request, delivered=outcome.delivered)
    return outcome


def issue_notify(*, issue_id, event: str) -> int:
    """Queue one message per active channel of the issue's organization that wants its kind;
    returns how many. An issue acknowledged or resolved meanwhile is not announced."""
    issue = Issue.objects.filter(pk=issue_id, state=Issue.State.OPEN).first()
    if issue is None:
        return 0
    channels = [
        channel
        for channel in NotificationChannel.objects.filter(
            organization_id=issue.organization_id, is_active=True
        )
        if channel.wants(issue.kind)
    ]
    Destination.objects.filter(pk=issue.destination_id).update(last_alert_at=timezone.now())
    enqueue(
        task_names.SEND_CHANNEL_MESSAGE,
        *([str(channel.id), str(issue.id), event] for channel in channels),
    )
    return len(channels)


def channel_send_issue(*, channel_id, issue_id, event: str) -> SendOutcome | None:
    """Send one channel its message about one issue (both of one organization); raise
    ChannelSendFailed when the channel refused it, so the task retries."""
    issue = Issue.objects.select_related("destination").filter(pk=issue_id).first()
    if issue is None:
        return None
    channel = NotificationChannel.objects.filter(
        pk=channel_id, organization_id=issue.organization_id, is_active=True
    ).first()
    if channel is None:
        return None
    outcome = _send(channel, _notice(issue, event))
    code = outcome.status_code
    # Timeouts, refused connections, 429 and 5xx may pass; another 4xx (a webhook deleted
    # on the chat's side) will not, and an email channel with no one to mail neither.
    retryable = channel.type != Type.EMAIL and (code is None or code == 429 or code >= 500)
    if not outcome.delivered and retryable:
        raise ChannelSendFailed(outcome.error)
    return outcome
