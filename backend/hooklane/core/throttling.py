"""API throttling per API key, per user and per anonymous IP, counted in Redis.

A fixed one-minute window with one atomic INCR per request: every web process shares the
count, unlike a per-process history."""

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from .ratelimit import rate_limit_count

WINDOW_SECONDS = 60


class ApiThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._wait: int | None = None

    def _identity(self, request) -> tuple[str, int]:
        auth = getattr(request, "auth", None)
        if getattr(auth, "is_api_key", False):
            return f"key:{auth.pk}", settings.API_RATE_LIMIT_PER_KEY
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}", settings.API_RATE_LIMIT_PER_USER
        return f"ip:{self.get_ident(request)}", settings.API_RATE_LIMIT_ANONYMOUS

    def allow_request(self, request, view) -> bool:
        identity, limit = self._identity(request)
        if limit <= 0:
            return True
        count = rate_limit_count(scope="api", key=identity, window_seconds=WINDOW_SECONDS)
        if count > limit:
            self._wait = WINDOW_SECONDS
            return False
        return True

    def wait(self) -> int | None:
        return self._wait
