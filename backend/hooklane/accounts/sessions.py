"""The session engine (SESSION_ENGINE): Django's cached_db store over UserSession rows."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore


class SessionStore(CachedDBStore):
    cache_key_prefix = "hooklane.sessions"

    @classmethod
    def get_model_class(cls):
        # Imported late: Django imports the session engine before apps are ready.
        from hooklane.accounts.models import UserSession

        return UserSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        instance.user_id = data.get(SESSION_KEY)
        return instance
