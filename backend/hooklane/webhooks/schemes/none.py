"""No signature: every request is accepted, for senders that cannot sign (use with care).

There is nothing to verify, so there is no provider documentation to link; the event id and
type come from the payload's "id" and "type" when it is a JSON object that has them.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from . import Event, SignedRequest, str_or_none

SIGNATURE_HEADERS: tuple[str, ...] = ()
SIGNS_TIMESTAMP = False


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    payload = request.payload if isinstance(request.payload, dict) else {}
    return Event(
        external_id=str_or_none(payload.get("id")),
        event_type=str_or_none(payload.get("type")) or "",
    )
