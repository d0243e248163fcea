"""Calendly: ``Calendly-Webhook-Signature: t=<unix>,v1=<hex>``, HMAC-SHA256 of ``t.body``.

https://developer.calendly.com/api-docs/4c305798a61d3-webhook-signatures
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="calendly",
    label="Calendly",
    family="hmac",
    docs_url="https://developer.calendly.com/api-docs/4c305798a61d3-webhook-signatures",
    setup=(
        "Create the webhook subscription through Calendly's API (POST /webhook_subscriptions) "
        "with this provider's URL as url and a signing_key you choose; paste the same "
        "signing_key here. Calendly shows no secret in its web app."
    ),
    recipe=Recipe(
        signature="header:Calendly-Webhook-Signature",
        list_separator=",",
        item_key="v1",
        timestamp="item:t",
        message="{timestamp}.{body}",
        # Calendly's examples reject deliveries older than three minutes.
        tolerance=180,
        event_type="body:event",
    ),
)
