"""Fixed-window rate limits counted in Redis, shared by every web process."""

from .errors import RateLimited
from .redis import redis_client

# INCR and set the window's expiry atomically, so a crash between them cannot leave a
# counter that never expires.
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('TTL', KEYS[1])}
"""


def rate_limit_hit(*, scope: str, key: str, limit: int, window_seconds: int) -> int:
    """Count one hit; raise RateLimited (with Retry-After) once `limit` is exceeded.

    Returns how many hits the window has seen so far."""
    client = redis_client()
    count, ttl = client.eval(_HIT, 1, f"ratelimit:{scope}:{key}", window_seconds)
    if count > limit:
        raise RateLimited(retry_after=ttl if ttl and ttl > 0 else window_seconds)
    return count


def rate_limit_count(*, scope: str, key: str, window_seconds: int) -> int:
    """Count one hit without refusing; returns the window's count (the caller decides)."""
    count, _ttl = redis_client().eval(_HIT, 1, f"ratelimit:{scope}:{key}", window_seconds)
    return count
