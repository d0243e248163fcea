"""Twitch EventSub: ``Twitch-Eventsub-Message-Signature: sha256=<hex>``, HMAC-SHA256 of the
message id, the RFC 3339 timestamp and the body, concatenated.

https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#verifying-the-event-message
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="twitch",
    label="Twitch EventSub",
    family="hmac",
    docs_url="https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#verifying-the-event-message",
    setup=(
        "Create the EventSub subscription (POST /helix/eventsub/subscriptions) with transport "
        "method webhook, this provider's URL as callback and a secret of 10-100 characters you "
        "choose; paste the same secret here. The webhook_callback_verification challenge is "
        "answered for you."
    ),
    recipe=Recipe(
        signature="header:Twitch-Eventsub-Message-Signature",
        prefix="sha256=",
        message=(
            "{header:Twitch-Eventsub-Message-Id}{header:Twitch-Eventsub-Message-Timestamp}{body}"
        ),
        timestamp="header:Twitch-Eventsub-Message-Timestamp",
        timestamp_format="rfc3339",
        # Twitch: reject messages whose timestamp is more than 10 minutes old.
        tolerance=600,
        event_id="header:Twitch-Eventsub-Message-Id",
        event_type="header:Twitch-Eventsub-Subscription-Type",
        handshake="twitch_callback_verification",
    ),
)
