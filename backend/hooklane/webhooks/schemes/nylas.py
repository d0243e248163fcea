"""Nylas (API v3): ``X-Nylas-Signature: <hex>``, HMAC-SHA256 of the body under the webhook
secret; GET ?challenge= echoed when the webhook is created.

https://developer.nylas.com/docs/v3/notifications/webhooks/
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="nylas",
    label="Nylas",
    family="hmac",
    docs_url="https://developer.nylas.com/docs/v3/notifications/webhooks/",
    setup=(
        "Create the webhook in the Nylas Dashboard (Notifications) or POST /v3/webhooks with this "
        "provider's URL; Nylas GETs it with ?challenge= (answered for you) and returns the "
        "webhook_secret once: paste it here."
    ),
    credential_name="Webhook secret",
    accepts_get=True,
    recipe=Recipe(
        signature="header:X-Nylas-Signature",
        event_id="body:id",
        event_type="body:type",
        handshake="challenge_echo",
    ),
)
