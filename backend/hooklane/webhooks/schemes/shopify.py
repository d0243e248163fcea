"""Shopify: ``X-Shopify-Hmac-Sha256: <base64>``, HMAC-SHA256 of the body.

https://shopify.dev/docs/apps/build/webhooks/subscribe/https

X-Shopify-Webhook-Id stays the same across retries of one delivery, which is what dedup
needs; X-Shopify-Event-Id can be shared by several deliveries, so it is only a fallback.
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="shopify",
    label="Shopify",
    family="hmac",
    docs_url="https://shopify.dev/docs/apps/build/webhooks/subscribe/https",
    setup=(
        "For an app: the app's client secret signs its webhooks. For a store's own "
        "notifications (Settings → Notifications → Webhooks) the key is shown under the list."
    ),
    credential_name="Client secret",
    recipe=Recipe(
        signature="header:X-Shopify-Hmac-Sha256",
        encoding="base64",
        event_id="header:X-Shopify-Webhook-Id|header:X-Shopify-Event-Id",
        event_type="header:X-Shopify-Topic",
    ),
)
