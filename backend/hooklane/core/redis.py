"""The one Redis client for application keys (tokens, codes, rate limits)."""

from django_redis import get_redis_connection
from redis import Redis

# Every application key starts with one of these; tests clear exactly these between cases
# (the Celery broker shares the server and must be left alone).
APP_KEY_PATTERNS = (
    "magic_token:*",
    "otp:*",
    "ratelimit:*",
    "apikey_used:*",
    "hl:*",
    "quota:*",
    "live:*",
)


def redis_client() -> Redis:
    """The raw client of the default cache's pool (no key prefixing)."""
    return get_redis_connection("default")
