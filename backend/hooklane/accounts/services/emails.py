"""Login and invitation emails (HTML + text); links and codes are made here, in the worker."""

import secrets

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from hooklane.accounts.models import Invitation, User

from .invitations import invitation_token_hash
from .tokens import magic_link_issue, magic_link_url, otp_issue


class LoginEmail(models.TextChoices):
    LOGIN = "login", "Your Hooklane login link"
    SIGNUP = "signup", "Welcome to Hooklane: confirm your email"
    INVITE = "invite", "You have been invited to Hooklane"
    # The invitation email of an address with an account elsewhere: same subject, no link.
    INVITE_ELSEWHERE = "invite_elsewhere", "You have been invited to Hooklane"
    OTP = "otp", "Your Hooklane login code"
    ACCOUNT_EXISTS = "account_exists", "You already have a Hooklane account"


def _duration(seconds: int) -> str:
    """`3 days`, `2 hours`, or else whole minutes (rounded up)."""
    for unit, size in (("day", 86400), ("hour", 3600)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    minutes = max(1, -(-seconds // 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def login_email_send(*, user_id: str, kind: str) -> bool:
    """Issue a link or code for the user and email it; returns False (sending nothing) when
    the user no longer exists or cannot log in, except that ACCOUNT_EXISTS always goes out."""
    kind = LoginEmail(kind)
    user = User.objects.select_related("organization").filter(pk=user_id).first()
    if user is None:
        return False
    can_log_in = user.is_active and user.organization.is_active
    if not can_log_in and kind != LoginEmail.ACCOUNT_EXISTS:
        return False

    context = {
        "user": user,
        "organization": user.organization,
        "base_url": settings.PUBLIC_BASE_URL,
        "can_log_in": can_log_in,
        "link": "",
        "code": "",
    }
    if kind == LoginEmail.OTP:
        context["code"] = otp_issue(user=user)
        context["valid_for"] = _duration(settings.OTP_TTL_SECONDS)
    elif can_log_in:
        context["link"] = magic_link_url(magic_link_issue(user=user))
        context["valid_for"] = _duration(settings.MAGIC_LINK_TTL_SECONDS)

    subject = kind.label
    if kind == LoginEmail.OTP:
        subject = f"{context['code']} is your Hooklane login code"
    _send(kind=kind, subject=subject, to=user.email, context=context)
    return True


def invitation_email_send(*, invitation_id: str) -> bool:
    """Email a pending invitation: a fresh single-use link to join when the address has no
    account, else word that it has one (no link). False, sending nothing, once the
    invitation is gone or expired."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(pk=invitation_id, expires_at__gt=timezone.now())
        .first()
    )
    if invitation is None:
        return False
    context = {
        "email": invitation.email,
        "role": invitation.get_role_display(),
        "organization": invitation.organization,
        "invited_by": invitation.invited_by.email if invitation.invited_by else "",
        "base_url": settings.PUBLIC_BASE_URL,
    }
    kind = LoginEmail.INVITE_ELSEWHERE
    if not User.objects.filter(email_normalized=invitation.email_normalized).exists():
        kind = LoginEmail.INVITE
        token = secrets.token_urlsafe(32)
        # Only the digest is kept; each email's link replaces the one before.
        Invitation.objects.filter(pk=invitation.pk).update(token_hash=invitation_token_hash(token))
        context["link"] = magic_link_url(token)
        context["valid_for"] = _duration(settings.INVITE_LINK_TTL_SECONDS)
    _send(kind=kind, subject=kind.label, to=invitation.email, context=context)
    return True


def _send(*, kind: LoginEmail, subject: str, to: str, context: dict) -> None:
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"accounts/email/{kind.value}.txt", context),
        to=[to],
    )
    message.attach_alternative(
        render_to_string(f"accounts/email/{kind.value}.html", context), "text/html"
    )
    message.send()
