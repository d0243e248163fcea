"""The hop header: how a webhook that Hooklane forwards back to a Hooklane ingest stops.

Every forward carries `Hooklane-Hops: <marker>=<count>[, <marker>=<count> ...]`, one entry
per deployment the webhook went through, each with how many times that deployment has
forwarded it. A forward of a webhook that arrived with the header carries the same entries
with this deployment's count one higher, so a loop through a relay, a proxy or a second
deployment keeps counting. Ingest refuses (508) a request whose entry for this deployment
is past INGEST_MAX_HOPS. The marker is an HMAC of PUBLIC_BASE_URL under SECRET_KEY: the
same in every process of one deployment, different between deployments, and it tells
nothing about the key.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.utils.crypto import salted_hmac

HEADER = "Hooklane-Hops"
STORED_NAME = HEADER.lower()  # how ingest stores it among a log's headers
_META_KEY = "HTTP_HOOKLANE_HOPS"
MAX_ENTRIES = 8  # a forged header cannot grow what is forwarded
MAX_COUNT = 9999
_ENTRY = re.compile(r"\s*([0-9a-f]{16})=(\d{1,4})\s*")


@lru_cache(maxsize=4)
def _marker_for(secret_key: str, public_base_url: str) -> str:
    return salted_hmac(
        "hooklane.hops", public_base_url, secret=secret_key, algorithm="sha256"
    ).hexdigest()[:16]


def marker() -> str:
    """This deployment's marker (16 hex digits)."""
    return _marker_for(settings.SECRET_KEY, settings.PUBLIC_BASE_URL)


def parse(value: str | None) -> dict[str, int]:
    """The well-formed entries of a header value, in order (garbage is ignored)."""
    entries: dict[str, int] = {}
    for part in (value or "").split(",")[: MAX_ENTRIES * 4]:
        found = _ENTRY.fullmatch(part)
        if found and found.group(1) not in entries:
            entries[found.group(1)] = int(found.group(2))
            if len(entries) == MAX_ENTRIES:
                break
    return entries


def own_count(meta) -> int:
    """How many times this deployment already forwarded the request in `meta` (a WSGI
    environ); 0 without the header, at the cost of one dict lookup."""
    value = meta.get(_META_KEY)
    if value is None:
        return 0
    return parse(value).get(marker(), 0)


def forwarded(value: str | None) -> str:
    """The header a forward carries when the webhook arrived with `value` (or none)."""
    entries = parse(value)
    own = marker()
    count = min(entries.pop(own, 0) + 1, MAX_COUNT)
    kept = [f"{own}={count}"]
    kept += [f"{name}={hops}" for name, hops in list(entries.items())[: MAX_ENTRIES - 1]]
    return ", ".join(kept)
