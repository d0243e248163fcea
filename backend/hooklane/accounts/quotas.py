"""Ingest quotas per organization: a rate (sustained and burst) and stored bytes, in Redis.

One Lua script per webhook decides both, counts a refusal, and adds an admitted body to
the organization's stored bytes, so a check costs one Redis round trip and no query. The
rate is a GCRA token bucket on Redis' own clock (every web process shares it): `burst`
webhooks at once, refilled at `rate_per_second`. The stored bytes are what ingest added
since beat last recounted them from PostgreSQL (webhooks' `refresh_stored_bytes`), which
corrects what was counted but not stored (duplicates, failed inserts), what retention
deleted, and a Redis that lost its keys.
"""

import hashlib
import math
import time
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import NoScriptError, RedisError

from hooklane.core.redis import redis_client

# Organization fields that hold its own quotas; only staff change them.
QUOTA_FIELDS = ("ingest_rate_per_second", "ingest_rate_burst", "stored_bytes_quota")
RATE_LIMITED = "rate_limited"
OVER_QUOTA = "over_quota"
REFUSALS = (RATE_LIMITED, OVER_QUOTA)
# Space comes back when retention prunes (hourly) and the recount follows.
OVER_QUOTA_RETRY_AFTER_SECONDS = 3600
# Refusals are counted per organization and UTC day; the API sums the last seven.
REFUSED_DAYS = 7
_DAY = 86400

# KEYS: the bucket (theoretical arrival time in µs), the stored bytes, today's refusals.
# ARGV: µs between webhooks at the sustained rate (0: no rate limit), burst, stored-bytes
# quota (0: none), this body's bytes, how long refusal counts are kept.
# Returns {0, 0} admitted, {1, µs to wait} over the rate, {2, 0} over the quota.
_ADMIT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local interval = tonumber(ARGV[1])
local quota = tonumber(ARGV[3])
local size = tonumber(ARGV[4])
local function refuse(reason, wait, code)
  redis.call('HINCRBY', KEYS[3], reason, 1)
  redis.call('EXPIRE', KEYS[3], ARGV[5])
  return {code, wait}
end
if quota > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') + size > quota then
  return refuse('over_quota', 0, 2)
end
if interval > 0 then
  local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
  if tat < now then tat = now end
  local wait = tat + interval - tonumber(ARGV[2]) * interval - now
  if wait > 0 then return refuse('rate_limited', wait, 1) end
  tat = tat + interval
  -- %.0f: Lua would write a 16-digit number in exponent form and lose its last digits.
  redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX',
    string.format('%.0f', math.ceil((tat - now) / 1000) + 1))
end
redis.call('INCRBY', KEYS[2], size)
return {0, 0}
"""
_ADMIT_SHA = hashlib.sha1(_ADMIT.encode()).hexdigest()  # noqa: S324 - Redis names scripts so


@dataclass(frozen=True, slots=True)
class IngestLimits:
    """An organization's limits in force; 0 means no limit."""

    rate_per_second: int
    burst: int
    stored_bytes: int


@dataclass(frozen=True, slots=True)
class Refusal:
    reason: str  # RATE_LIMITED or OVER_QUOTA
    retry_after: int  # seconds


def ingest_limits(
    *, rate_per_second: int | None, burst: int | None, stored_bytes: int | None
) -> IngestLimits:
    """An organization's own limits where it has them, else the deployment's."""
    return IngestLimits(
        rate_per_second=settings.INGEST_RATE_PER_SECOND
        if rate_per_second is None
        else rate_per_second,
        burst=max(1, settings.INGEST_RATE_BURST if burst is None else burst),
        stored_bytes=settings.INGEST_STORED_BYTES_QUOTA if stored_bytes is None else stored_bytes,
    )


def _rate_key(organization_id: UUID | str) -> str:
    return f"quota:rate:{organization_id}"


def _stored_key(organization_id: UUID | str) -> str:
    return f"quota:stored:{organization_id}"


def _refused_key(organization_id: UUID | str, day: int) -> str:
    return f"quota:refused:{organization_id}:{day}"


def _today() -> int:
    return int(time.time()) // _DAY


def ingest_admit(*, organization_id: UUID, limits: IngestLimits, size: int) -> Refusal | None:
    """Admit one webhook of `size` bytes (and count its bytes as stored), or say why not and
    count the refusal. One Redis round trip; RedisError and OSError reach the caller."""
    interval = 1_000_000 / limits.rate_per_second if limits.rate_per_second > 0 else 0
    keys = (
        _rate_key(organization_id),
        _stored_key(organization_id),
        _refused_key(organization_id, _today()),
    )
    args = (interval, limits.burst, limits.stored_bytes, size, (REFUSED_DAYS + 1) * _DAY)
    client = redis_client()
    try:
        code, wait = client.evalsha(_ADMIT_SHA, len(keys), *keys, *args)
    except NoScriptError:
        # The first call after Redis started sends the script itself.
        code, wait = client.eval(_ADMIT, len(keys), *keys, *args)
    if code == 0:
        return None
    if code == 1:
        return Refusal(RATE_LIMITED, max(1, math.ceil(wait / 1_000_000)))
    return Refusal(OVER_QUOTA, OVER_QUOTA_RETRY_AFTER_SECONDS)


@dataclass(frozen=True, slots=True)
class QuotaUsage:
    stored_bytes: int
    refused: dict[str, int]  # per reason, over the last REFUSED_DAYS UTC days


def quota_usage(*, organization_id: UUID) -> QuotaUsage:
    """What an organization has stored and how often it was refused lately (one round trip;
    RedisError and OSError reach the caller)."""
    today = _today()
    pipe = redis_client().pipeline(transaction=False)
    pipe.get(_stored_key(organization_id))
    for day in range(today - REFUSED_DAYS + 1, today + 1):
        pipe.hgetall(_refused_key(organization_id, day))
    stored, *days = pipe.execute()
    refused = dict.fromkeys(REFUSALS, 0)
    for counts in days:
        for reason, count in counts.items():
            if reason.decode() in refused:
                refused[reason.decode()] += int(count)
    return QuotaUsage(stored_bytes=int(stored or 0), refused=refused)


def stored_bytes_set(*, stored: dict[UUID, int]) -> None:
    """Replace the organizations' stored-byte counts with a recount (one round trip)."""
    pipe = redis_client().pipeline(transaction=False)
    for organization_id, count in stored.items():
        pipe.set(_stored_key(organization_id), count)
    pipe.execute()


def organization_quota(*, organization) -> dict:
    """An organization's limits in force, its stored bytes and its recent refusals (these
    two None while Redis is unreachable), as the organization API shows them."""
    limits = ingest_limits(
        rate_per_second=organization.ingest_rate_per_second,
        burst=organization.ingest_rate_burst,
        stored_bytes=organization.stored_bytes_quota,
    )
    try:
        usage = quota_usage(organization_id=organization.id)
    except (ConnectionInterrupted, RedisError, OSError):
        usage = None
    return {
        "rate_per_second": limits.rate_per_second,
        "burst": limits.burst,
        "stored_bytes_limit": limits.stored_bytes,
        "stored_bytes": usage.stored_bytes if usage else None,
        "refused": usage.refused if usage else None,
    }
