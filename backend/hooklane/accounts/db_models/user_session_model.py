"""A login session (Django's cached_db session) that also records whose it is."""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class UserSession(AbstractBaseSession):
    """
    Django's session row plus the user id, so ending a user's sessions is one indexed query.

    The one model that does not inherit DBBaseModel: Django keys sessions by `session_key`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Whose session this is; empty before login",
    )

    class Meta:
        db_table = "user_sessions"
        verbose_name = "Session"

    @classmethod
    def get_session_store_class(cls):
        from hooklane.accounts.sessions import SessionStore

        return SessionStore
