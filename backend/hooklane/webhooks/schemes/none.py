"""No signature: every request is accepted, for senders that cannot sign (use with care).

There is nothing to verify, so there is no provider documentation to link; the event id and
type come from the payload's "id" and "type" when it is a JSON object that has them.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from . import Event, Sender, SignedRequest, str_or_none


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    payload = request.payload if isinstance(request.payload, dict) else {}
    return Event(
        external_id=str_or_none(payload.get("id")),
        event_type=str_or_none(payload.get("type")) or "",
        verification="unsigned",
    )


SENDER = Sender(
    name="none",
    label="Unsigned",
    family="unsigned",
    docs_url="",
    setup="Accepts every request to the ingest URL: keep the URL secret, and prefer a signed "
    "type whenever the sender can sign.",
    verifier=verify,
    needs_secret=False,
)
