"""Render: Standard Webhooks (webhook-id / webhook-timestamp / webhook-signature headers).

https://render.com/docs/webhooks
"""

from .standard_webhooks import standard_sender

SENDER = standard_sender(
    "render",
    "Render",
    "https://render.com/docs/webhooks",
    "In the Render Dashboard open Integrations, Webhooks, Create Webhook, and paste this "
    "provider's URL; then reveal the webhook's Signing Secret (whsec_…) and copy it here.",
)
