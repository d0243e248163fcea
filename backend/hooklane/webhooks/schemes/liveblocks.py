"""Liveblocks: Standard Webhooks (webhook-id / webhook-timestamp / webhook-signature headers).

https://liveblocks.io/docs/platform/webhooks
"""

from .standard_webhooks import standard_sender

SENDER = standard_sender(
    "liveblocks",
    "Liveblocks",
    "https://liveblocks.io/docs/platform/webhooks",
    "In the Liveblocks dashboard open the project's Webhooks, Create endpoint, and paste this "
    "provider's URL; then copy the endpoint's Signing secret (whsec_…) here.",
)
