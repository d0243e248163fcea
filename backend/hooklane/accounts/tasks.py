"""Celery tasks of the accounts app (queue `email`); they take ids and call services."""

from smtplib import SMTPException

from celery import shared_task

from hooklane.accounts.services.emails import login_email_send
from hooklane.core import task_names


@shared_task(
    name=task_names.SEND_LOGIN_EMAIL,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
)
def send_login_email(user_id: str, kind: str, invited_by: str = "") -> bool:
    """Email a user a fresh magic link or code; the secret is made here, never in the message."""
    return login_email_send(user_id=user_id, kind=kind, invited_by=invited_by)
