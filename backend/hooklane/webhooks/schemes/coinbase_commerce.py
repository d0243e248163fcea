"""Coinbase Commerce: ``X-CC-Webhook-Signature: <hex>``, HMAC-SHA256 of the body under the
webhook shared secret.

https://docs.cdp.coinbase.com/commerce/docs/webhooks-security
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="coinbase_commerce",
    label="Coinbase Commerce",
    family="hmac",
    docs_url="https://docs.cdp.coinbase.com/commerce/docs/webhooks-security",
    setup=(
        "In Coinbase Commerce open Settings, Webhook subscriptions, Add an endpoint with this "
        "provider's URL; then Show shared secret and paste it here."
    ),
    credential_name="Shared secret",
    recipe=Recipe(
        signature="header:X-CC-Webhook-Signature",
        event_id="body:event.id",
        event_type="body:event.type",
    ),
)
