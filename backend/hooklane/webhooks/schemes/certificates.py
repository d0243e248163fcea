"""Public keys and certificates that senders publish at a URL (PayPal, AWS SNS, Adobe I/O).

No SENDER here. Verifiers stay free of I/O policy: they name the URL the request points at and
the URL patterns their sender publishes keys under; this module refuses any other URL before
anything is fetched, keeps what it fetched in a small process cache, and fetches through the
`CertificateSource` the delivery app installs at start-up (the SSRF-guarded client: webhooks
may not import delivery). Without a source, verification refuses as misconfigured.
"""

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

from . import SignatureError

# A certificate is kept this long; senders rotate theirs with a new URL, so this is generous.
CACHE_SECONDS = 3600
CACHE_ENTRIES = 64
MAX_DOCUMENT_BYTES = 64 * 1024


class CertificateSource(Protocol):
    def allowed_patterns(self, sender: str, default: Sequence[str]) -> Sequence[str]:
        """The URL patterns (regexes, full match) a sender's keys may come from; the default
        unless a deployment (or a test) overrides them."""

    def fetch(self, url: str) -> bytes:
        """GET `url` (at most MAX_DOCUMENT_BYTES) or raise OSError / ValueError."""


_source: CertificateSource | None = None
_cache: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
_lock = threading.Lock()


def install_source(source: CertificateSource | None) -> None:
    global _source
    _source = source
    clear_cache()


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def allowed(sender: str, url: str, patterns: Sequence[str]) -> bool:
    """Whether `url` is one of the sender's own (as the installed source may override)."""
    source = _source
    chosen = source.allowed_patterns(sender, patterns) if source is not None else patterns
    return any(re.fullmatch(pattern, url) for pattern in chosen)


def fetch(sender: str, url: str, patterns: Sequence[str], *, header: str) -> bytes:
    """GET `url`, which must match one of the sender's patterns, uncached (a subscription
    confirmation is a one-time action, not a document)."""
    source = _source
    if source is None:
        raise SignatureError("no certificate source is installed", reason="misconfigured")
    if not allowed(sender, url, patterns):
        # A key from anywhere else would let anyone sign: the URL is the sender's claim.
        raise SignatureError(
            f"{header} is not one of the sender's own URLs", reason="malformed_header"
        )
    try:
        return source.fetch(url)
    except (OSError, ValueError) as exc:
        raise SignatureError(f"could not fetch {header}: {exc}", reason="misconfigured") from exc


def document(sender: str, url: str, patterns: Sequence[str], *, header: str) -> bytes:
    """The bytes published at `url`, which must match one of the sender's patterns; kept
    for CACHE_SECONDS."""
    now = time.monotonic()
    with _lock:
        cached = _cache.get(url)
        if cached is not None and cached[0] > now and allowed(sender, url, patterns):
            _cache.move_to_end(url)
            return cached[1]
    data = fetch(sender, url, patterns, header=header)
    with _lock:
        _cache[url] = (now + CACHE_SECONDS, data)
        while len(_cache) > CACHE_ENTRIES:
            _cache.popitem(last=False)
    return data
