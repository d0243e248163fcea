"""At most STREAM_MAX_PER_PRINCIPAL open streams per API key or user, across processes.

Each open stream holds a slot: a member of the sorted set `live:slots:<principal>` scored
with the time its lease runs out (Redis's clock). A living stream renews its lease at
every ping; a process that dies renews nothing, so its slots lapse within
STREAM_SLOT_LEASE_SECONDS instead of leaking."""

import uuid

from django.conf import settings

from .feed import redis

_ACQUIRE = """
local now = redis.call('TIME')
now = tonumber(now[1]) + tonumber(now[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2])) + 1)
return 1
"""
_RENEW = """
local now = redis.call('TIME')
now = tonumber(now[1]) + tonumber(now[2]) / 1000000
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[1])) + 1)
return 1
"""


def _key(principal: str) -> str:
    return f"live:slots:{principal}"


class Slot:
    """One open stream's place under its principal's cap."""

    def __init__(self, principal: str) -> None:
        self.key = _key(principal)
        self.member = uuid.uuid4().hex

    async def acquire(self) -> bool:
        """Take a slot; False when the principal already has its maximum open."""
        taken = await redis().eval(
            _ACQUIRE,
            1,
            self.key,
            settings.STREAM_MAX_PER_PRINCIPAL,
            settings.STREAM_SLOT_LEASE_SECONDS,
            self.member,
        )
        return bool(taken)

    async def renew(self) -> None:
        await redis().eval(_RENEW, 1, self.key, settings.STREAM_SLOT_LEASE_SECONDS, self.member)

    async def release(self) -> None:
        await redis().zrem(self.key, self.member)
