"""Paddle Billing: ``Paddle-Signature: ts=<unix>;h1=<hex>``, HMAC-SHA256 of "<ts>:<body>".

https://developer.paddle.com/webhooks/signature-verification
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="paddle",
    label="Paddle",
    family="hmac",
    docs_url="https://developer.paddle.com/webhooks/signature-verification",
    setup=(
        "In Paddle open Developer tools, Notifications, New destination, and paste this "
        "provider's URL as the endpoint; then open the destination and copy its secret key "
        "(pdl_ntfset_…) here. Paddle's SDK allows 5 seconds of clock difference, and so does "
        "this check: keep the server's clock synchronised."
    ),
    recipe=Recipe(
        signature="header:Paddle-Signature",
        list_separator=";",
        item_key="h1",  # several h1 items during a secret rotation; any match wins
        timestamp="item:ts",
        message="{timestamp}:{body}",
        # paddle_billing.Notifications.Verifier(maximum_variance=5) is the SDK's default.
        tolerance=5,
        event_id="body:event_id",
        event_type="body:event_type",
    ),
)
