"""Zoom: ``x-zm-signature: v0=<hex>``, HMAC-SHA256 of "v0:<timestamp>:<body>".

https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="zoom",
    label="Zoom",
    family="hmac",
    docs_url="https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events",
    setup=(
        "In the Zoom App Marketplace open the app's Features, Access, copy the Secret Token "
        "here, then paste this provider's URL as the event notification endpoint and press "
        "Validate: the endpoint.url_validation challenge is answered."
    ),
    credential_name="Secret Token",
    recipe=Recipe(
        signature="header:x-zm-signature",
        prefix="v0=",
        message="v0:{timestamp}:{body}",
        timestamp="header:x-zm-request-timestamp",
        event_type="body:event",
        handshake="zoom_url_validation",
    ),
)
