"""Square: ``x-square-hmacsha256-signature: <base64>``, HMAC-SHA256 of notification URL + body.

https://developer.squareup.com/docs/webhooks/step3validate
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="square",
    label="Square",
    family="hmac",
    docs_url="https://developer.squareup.com/docs/webhooks/step3validate",
    setup=(
        "In the Square Developer Console open the application's Webhooks, Subscriptions, "
        "Add subscription, and paste this provider's URL as the notification URL (exactly: "
        "it is signed); then copy the subscription's Signature key here."
    ),
    credential_name="Signature key",
    recipe=Recipe(
        signature="header:x-square-hmacsha256-signature",
        encoding="base64",
        message="{url}{body}",
        event_id="body:event_id",
        event_type="body:type",
    ),
)
