"""Clerk: Svix-delivered (svix-id / svix-timestamp / svix-signature headers).

https://clerk.com/docs/webhooks/overview
"""

from .standard_webhooks import standard_sender

SENDER = standard_sender(
    "clerk",
    "Clerk",
    "https://clerk.com/docs/webhooks/overview",
    "In the Clerk Dashboard open Webhooks, Add Endpoint, and paste this provider's URL as "
    "the Endpoint URL; then copy the endpoint's Signing Secret (whsec_…) here.",
)
