"""Microsoft Graph change notifications: each notification's clientState equals the secret.

https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks
"""

from collections.abc import Mapping, Sequence
from typing import Any

from . import Event, Handshake, Sender, SignatureError, SignedRequest, secret_keys, str_or_none
from .shared_token import check_token


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    # Creating a subscription, Graph POSTs ?validationToken=... (no body, no clientState) and
    # wants the token back as text/plain within 10 seconds.
    tokens = request.query.get("validationToken") or []
    if tokens and tokens[0]:
        return Event(
            external_id=None,
            event_type="validation",
            handshake=Handshake(body=tokens[0].encode(), content_type="text/plain"),
        )

    secret_keys(secrets)  # no_secret first
    payload = request.payload
    notifications = payload.get("value") if isinstance(payload, dict) else None
    if not isinstance(notifications, list) or not notifications:
        raise SignatureError("Graph body has no value array", reason="invalid_body")
    kinds = set()
    for notification in notifications:
        state = notification.get("clientState") if isinstance(notification, dict) else None
        if not isinstance(state, str) or not state:
            raise SignatureError("a Graph notification has no clientState", reason="invalid_body")
        # Every notification must carry the secret: one foreign item refuses the batch.
        check_token(state, secrets, "clientState")
        kinds.add(
            str_or_none(notification.get("lifecycleEvent"))
            or str_or_none(notification.get("changeType"))
            or ""
        )
    # Notifications have no id of their own; retries are told apart by nothing stable.
    return Event(
        external_id=None,
        event_type=kinds.pop() if len(kinds) == 1 else "",
    )


SENDER = Sender(
    name="microsoft_graph",
    label="Microsoft Graph",
    family="token",
    docs_url="https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks",
    setup=(
        "Create the subscription with notificationUrl (and lifecycleNotificationUrl) set to "
        "the Hooklane URL and clientState set to a random secret of up to 128 characters; "
        "paste the same value here. Hooklane echoes Graph's validationToken."
    ),
    verifier=verify,
    credential_name="clientState",
)
