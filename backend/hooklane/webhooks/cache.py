"""The ingest path's provider lookup: one indexed query, then cached in Redis."""

import logging
import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from hooklane.core.encryption import SecretDecryptionError, decrypt
from hooklane.core.fields import stored_token

from .models import WebhookProvider
from .schemes import SignatureError

logger = logging.getLogger(__name__)

# new_ingest_key() makes 32 URL-safe characters; anything else is refused without a query.
_INGEST_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# A few seconds in each process's memory spare the Redis round trip on nearly every request.
# Staleness that short is harmless: a provider paused meanwhile has its logs held when
# they are routed, a deleted one fails the insert's foreign key (404), and a rotated secret
# leaves the previous one valid for a day.
LOCAL_SECONDS = 5.0
_LOCAL_MAX_ENTRIES = 10_000
_local: dict[str, tuple[float, "IngestProvider"]] = {}
_FIELDS = (
    "id",
    "organization_id",
    "provider_name",
    "display_name",
    "is_active",
    "signing_secret",
    "previous_signing_secret",
    "previous_secret_expires_at",
    "settings",
    "organization__max_body_bytes",
    "organization__slug",
    "organization__ingest_rate_per_second",
    "organization__ingest_rate_burst",
    "organization__stored_bytes_quota",
)
# Read as stored: Redis and the local copy hold these encrypted, decrypted only on use.
_SEALED = {"signing_secret", "previous_signing_secret"}


@dataclass(frozen=True, slots=True)
class IngestProvider:
    """What ingest needs to know about a provider, small enough to cache."""

    id: UUID
    organization_id: UUID
    provider_name: str
    is_active: bool
    signing_secret: str  # a token (hooklane.core.encryption); valid_secrets() decrypts
    previous_signing_secret: str  # likewise
    previous_secret_expires_at: float | None  # unix seconds
    settings: dict[str, Any] = field(default_factory=dict)
    max_body_bytes: int | None = None
    # For the per-organization metrics' label (accounts/metrics.py).
    organization_slug: str = ""
    # The organization's own quotas (None: the deployment's); accounts/quotas.py.
    rate_per_second: int | None = None
    rate_burst: int | None = None
    stored_bytes_quota: int | None = None
    # For the live feed's entries (core/live.py); entries cached before it have none.
    display_name: str = ""

    @property
    def body_limit(self) -> int:
        return self.max_body_bytes or settings.INGEST_MAX_BODY_BYTES

    def valid_secrets(self, now: float) -> list[str]:
        """The current secret, then the previous one while its grace period lasts.

        A secret that does not decrypt (its key removed, the token altered) refuses the
        request as a misconfigured provider does."""
        found = [self.signing_secret] if self.signing_secret else []
        if (
            self.previous_signing_secret
            and self.previous_secret_expires_at is not None
            and self.previous_secret_expires_at > now
        ):
            found.append(self.previous_signing_secret)
        try:
            return [decrypt(token) for token in found]
        except SecretDecryptionError as exc:
            logger.error("provider %s: %s", self.id, exc)
            raise SignatureError(
                "the signing secret cannot be decrypted", reason="misconfigured"
            ) from None


def _cache_key(ingest_key: str) -> str:
    # "sealed": entries from before secrets were encrypted (plaintext) are never read.
    return f"ingest_provider:sealed:{ingest_key}"


def _load(ingest_key: str) -> IngestProvider | None:
    row = (
        WebhookProvider.objects.filter(
            ingest_key=ingest_key, organization__is_active=True, deleted_at__isnull=True
        )
        .values_list(*(stored_token(name) if name in _SEALED else name for name in _FIELDS))
        .first()
    )
    if row is None:
        return None
    values = dict(zip(_FIELDS, row, strict=True))
    expires: datetime | None = values.pop("previous_secret_expires_at")
    values["previous_secret_expires_at"] = expires.timestamp() if expires else None
    values["max_body_bytes"] = values.pop("organization__max_body_bytes")
    values["organization_slug"] = values.pop("organization__slug")
    values["rate_per_second"] = values.pop("organization__ingest_rate_per_second")
    values["rate_burst"] = values.pop("organization__ingest_rate_burst")
    values["stored_bytes_quota"] = values.pop("organization__stored_bytes_quota")
    return IngestProvider(**values)


def ingest_provider_get(*, ingest_key: str) -> IngestProvider | None:
    """The provider behind an ingest URL, or None; at most one query, usually none.

    Entries live in the shared cache so that every web process sees a change once the
    service that made it forgets the entry (and the local copy expires); the timeout bounds
    what a lost invalidation (an organization changed elsewhere, a racing reload) leaves.
    """
    now = time.monotonic()
    local = _local.get(ingest_key)
    if local is not None and local[0] > now:
        return local[1]
    if not _INGEST_KEY_PATTERN.match(ingest_key):
        return None
    provider = _shared_get(ingest_key)
    if provider is not None:
        if len(_local) >= _LOCAL_MAX_ENTRIES:
            _local.clear()
        _local[ingest_key] = (now + LOCAL_SECONDS, provider)
    return provider


def _shared_get(ingest_key: str) -> IngestProvider | None:
    key = _cache_key(ingest_key)
    try:
        cached = cache.get(key)
    except (ConnectionInterrupted, RedisError, OSError):
        logger.warning("provider cache unreachable; reading the database")
        return _load(ingest_key)
    if cached is not None:
        return IngestProvider(**cached)
    provider = _load(ingest_key)
    if provider is not None:
        try:
            cache.set(
                key,
                {name: getattr(provider, name) for name in IngestProvider.__slots__},
                settings.INGEST_PROVIDER_CACHE_SECONDS,
            )
        except (ConnectionInterrupted, RedisError, OSError):
            pass
    return provider


def ingest_provider_forget(*, ingest_key: str) -> None:
    """Drop a provider's cached entry so the next request reads the database."""
    _local.pop(ingest_key, None)
    try:
        cache.delete(_cache_key(ingest_key))
    except (ConnectionInterrupted, RedisError, OSError):
        logger.warning("could not drop the cached provider %s", ingest_key[:6])
