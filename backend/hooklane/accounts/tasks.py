"""Celery tasks of the accounts app (queue `email`); they take ids and call services."""

from smtplib import SMTPException

from celery import shared_task

from hooklane.accounts.services.emails import invitation_email_send, login_email_send
from hooklane.core import task_names


@shared_task(
    name=task_names.SEND_LOGIN_EMAIL,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
)
def send_login_email(user_id: str, kind: str, invited_by: str = "") -> bool:
    """Email a user a fresh magic link or code; the secret is made here, never in the message.

    `invited_by` is ignored: only messages queued before invitations became rows carry it."""
    return login_email_send(user_id=user_id, kind=kind)


@shared_task(
    name=task_names.SEND_INVITATION_EMAIL,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
)
def send_invitation_email(invitation_id: str) -> bool:
    """Email a pending invitation; its link, if any, is made here, never in the message."""
    return invitation_email_send(invitation_id=invitation_id)
