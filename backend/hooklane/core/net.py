"""Who is on the other end of a request: one rule for ingest, rate limits and the audit log."""

import ipaddress
from collections.abc import Mapping
from typing import Any


def source_ip(meta: Mapping[str, Any], *, trust_forwarded: bool) -> str | None:
    """The sender's address; behind a trusted proxy, the last hop it appended."""
    candidate = meta.get("REMOTE_ADDR", "")
    if trust_forwarded:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            candidate = forwarded[-1]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None
