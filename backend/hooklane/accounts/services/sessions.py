"""Ending sessions server-side: the rows and their cached copies."""

from hooklane.accounts.models import UserSession


def sessions_end(*, sessions) -> int:
    """Delete these sessions (a UserSession queryset), rows and cache; returns how many."""
    store_class = UserSession.get_session_store_class()
    keys = list(sessions.values_list("session_key", flat=True))
    for key in keys:
        store_class(key).delete()
    return len(keys)
