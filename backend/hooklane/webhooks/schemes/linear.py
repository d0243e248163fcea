"""Linear: ``Linear-Signature: <hex>``, HMAC-SHA256 of the body; ``webhookTimestamp`` in the body.

https://linear.app/developers/webhooks#securing-webhooks
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="linear",
    label="Linear",
    family="hmac",
    docs_url="https://linear.app/developers/webhooks#securing-webhooks",
    setup=(
        "In Linear open Settings, API, Webhooks, New webhook, and paste this provider's URL; "
        "then copy the webhook's signing secret (lin_wh_…) here."
    ),
    recipe=Recipe(
        signature="header:Linear-Signature",
        # Unix milliseconds inside the signed body; Linear's SDK allows one minute either way.
        timestamp="body:webhookTimestamp",
        timestamp_format="milliseconds",
        tolerance=60,
        event_id="header:Linear-Delivery",
        event_type="body:type",
    ),
)
