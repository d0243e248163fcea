"""Okta event hooks: the configured Authorization header value is sent as is (no signature).

https://developer.okta.com/docs/concepts/event-hooks/
"""

import json
from collections.abc import Mapping, Sequence
from typing import Any

from . import Event, Handshake, Sender, SignatureError, SignedRequest, optional_header, str_or_none
from .shared_token import check_header_token

CHALLENGE_HEADER = "X-Okta-Verification-Challenge"


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    # Okta sends the configured header with every request, the verification GET included.
    check_header_token(request, secrets, "Authorization")
    if request.method == "GET":
        challenge = optional_header(request, CHALLENGE_HEADER)
        if challenge is None:
            raise SignatureError(f"a GET without {CHALLENGE_HEADER}", reason="missing_header")
        answer = json.dumps({"verification": challenge}).encode()
        return Event(
            external_id=None,
            event_type="verification",
            handshake=Handshake(body=answer, content_type="application/json"),
        )

    payload = request.payload if isinstance(request.payload, dict) else {}
    data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
    events = [item for item in data.get("events") or [] if isinstance(item, dict)]
    kinds = {str_or_none(item.get("eventType")) or "" for item in events}
    return Event(
        external_id=str_or_none(payload.get("eventId")),
        event_type=kinds.pop() if len(kinds) == 1 else "",
    )


SENDER = Sender(
    name="okta",
    label="Okta",
    family="token",
    docs_url="https://developer.okta.com/docs/concepts/event-hooks/",
    setup=(
        "In Workflow → Event Hooks, create a hook with the Hooklane URL, Authentication field "
        "Authorization and a random secret as its value; paste the same value here, then "
        "Verify: Hooklane answers Okta's one-time GET challenge."
    ),
    verifier=verify,
    signature_headers=("authorization",),
    accepts_get=True,
    credential_name="Authorization header value",
)
