"""Passwordless login: ask for a link or code, sign up, verify, start and end sessions.

Whether an address has an account never shows in a response: the request endpoints answer
the same for every address, and only the mailbox learns the difference.
"""

import hashlib

from django.conf import settings
from django.contrib import auth
from django.db import IntegrityError, transaction
from django.utils import timezone

from hooklane.accounts.audit import audit_record, client_ip
from hooklane.accounts.models import AuditEvent, User, normalize_email
from hooklane.core import task_names
from hooklane.core.broker import enqueue
from hooklane.core.ratelimit import rate_limit_hit

from .emails import LoginEmail
from .invitations import invitation_accept
from .organizations import organization_create
from .tokens import LoginFailed, magic_link_consume, otp_consume

SESSION_BACKEND = "hooklane.accounts.backends.ActiveOrganizationBackend"


def _client_key(request) -> str:
    return client_ip(request) or "unknown"


def auth_request_rate_limit(*, scope: str, request, email: str) -> None:
    """Count a request for a link or code per client IP and per address; raise RateLimited
    (with Retry-After) once either has spent its allowance for the window."""
    window = settings.AUTH_RATE_LIMIT_WINDOW_SECONDS
    rate_limit_hit(
        scope=f"{scope}:ip",
        key=_client_key(request),
        limit=settings.AUTH_RATE_LIMIT_PER_IP,
        window_seconds=window,
    )
    # Hashed: addresses do not belong in key names that show up in monitoring.
    rate_limit_hit(
        scope=f"{scope}:email",
        key=hashlib.sha256(normalize_email(email).encode()).hexdigest(),
        limit=settings.AUTH_RATE_LIMIT_PER_EMAIL,
        window_seconds=window,
    )


def auth_verify_rate_limit(*, scope: str, request) -> None:
    """Count a verification attempt per client IP; raise RateLimited past the allowance."""
    rate_limit_hit(
        scope=f"{scope}:ip",
        key=_client_key(request),
        limit=settings.AUTH_VERIFY_RATE_LIMIT_PER_IP,
        window_seconds=settings.AUTH_RATE_LIMIT_WINDOW_SECONDS,
    )


def login_email_enqueue(*, user: User, kind: str) -> None:
    """Queue a login email for after the current transaction commits."""
    enqueue(task_names.SEND_LOGIN_EMAIL, [str(user.id), kind])


def login_email_request(*, email: str, kind: str) -> None:
    """Email an active user a magic link or code; any other address gets nothing, silently."""
    user = (
        User.objects.filter(
            email_normalized=normalize_email(email), is_active=True, organization__is_active=True
        )
        .only("id")
        .first()
    )
    if user is not None:
        login_email_enqueue(user=user, kind=kind)


def signup(*, email: str, organization_name: str, request=None) -> None:
    """Create an organization with this address as its first admin and email a login link.

    An address that already has an account changes nothing and is emailed that it exists."""
    email = email.strip().lower()
    existing = User.objects.filter(email_normalized=normalize_email(email)).first()
    if existing is None:
        try:
            with transaction.atomic():
                organization = organization_create(name=organization_name)
                user = User.objects.create_user(
                    email, organization=organization, role=User.Role.ADMIN
                )
                audit_record(
                    organization=organization,
                    action=AuditEvent.Action.SIGNUP,
                    request=request,
                    actor=user,
                    target=organization,
                )
        except IntegrityError:
            # A concurrent signup with the same address won the race.
            existing = User.objects.filter(email_normalized=normalize_email(email)).first()
            if existing is None:
                raise
        else:
            login_email_enqueue(user=user, kind=LoginEmail.SIGNUP)
            return
    login_email_enqueue(user=existing, kind=LoginEmail.ACCOUNT_EXISTS)


def session_login(*, request, user: User, method: str) -> User:
    """Start a session for the user (a new session key), stamp last_login_at, audit it."""
    auth.login(request, user, backend=SESSION_BACKEND)
    user.last_login_at = timezone.now()
    User.objects.filter(pk=user.pk).update(last_login_at=user.last_login_at)
    audit_record(
        organization=user.organization,
        action=AuditEvent.Action.LOGIN,
        request=request,
        actor=user,
        target=user,
        metadata={"method": method},
    )
    return user


def magic_link_login(*, request, token: str) -> User:
    """Spend a magic-link token, or accept an invitation link (creating its user), and log
    the user in; LoginFailed if it is neither valid now, EmailTaken for an invitation whose
    address got an account meanwhile."""
    try:
        user = magic_link_consume(token=token)
    except LoginFailed:
        user = invitation_accept(token=token)
        return session_login(request=request, user=user, method="invitation")
    return session_login(request=request, user=user, method="magic_link")


def otp_login(*, request, email: str, code: str) -> User:
    """Check a one-time code and log its user in; a wrong code is audited and LoginFailed."""
    user, ok = otp_consume(email=email, code=code)
    if not ok:
        if user is not None:
            audit_record(
                organization=user.organization,
                action=AuditEvent.Action.LOGIN_FAILED,
                request=request,
                target=user,
                metadata={"method": "otp"},
            )
        raise LoginFailed
    return session_login(request=request, user=user, method="otp")


def session_logout(*, request) -> None:
    """End the caller's session (deleting it server-side); audited when someone was logged in."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        audit_record(
            organization=user.organization,
            action=AuditEvent.Action.LOGOUT,
            request=request,
            actor=user,
            target=user,
        )
    auth.logout(request)
