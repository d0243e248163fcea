"""Login emails (HTML + text): each one carries a fresh magic link or one-time code."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string

from hooklane.accounts.models import User

from .tokens import magic_link_issue, magic_link_url, otp_issue


class LoginEmail(models.TextChoices):
    LOGIN = "login", "Your Hooklane login link"
    SIGNUP = "signup", "Welcome to Hooklane: confirm your email"
    INVITE = "invite", "You have been invited to Hooklane"
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


def login_email_send(*, user_id: str, kind: str, invited_by: str = "") -> bool:
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
        "invited_by": invited_by,
        "base_url": settings.PUBLIC_BASE_URL,
        "can_log_in": can_log_in,
        "link": "",
        "code": "",
    }
    if kind == LoginEmail.OTP:
        context["code"] = otp_issue(user=user)
        context["valid_for"] = _duration(settings.OTP_TTL_SECONDS)
    elif can_log_in:
        ttl = (
            settings.INVITE_LINK_TTL_SECONDS
            if kind == LoginEmail.INVITE
            else settings.MAGIC_LINK_TTL_SECONDS
        )
        context["link"] = magic_link_url(magic_link_issue(user=user, ttl_seconds=ttl))
        context["valid_for"] = _duration(ttl)

    subject = kind.label
    if kind == LoginEmail.OTP:
        subject = f"{context['code']} is your Hooklane login code"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"accounts/email/{kind.value}.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string(f"accounts/email/{kind.value}.html", context), "text/html"
    )
    message.send()
    return True
