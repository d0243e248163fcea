"""Resend: Svix-delivered (svix-id / svix-timestamp / svix-signature headers).

https://resend.com/docs/webhooks/verify-webhooks-requests
"""

from .standard_webhooks import standard_sender

SENDER = standard_sender(
    "resend",
    "Resend",
    "https://resend.com/docs/webhooks/verify-webhooks-requests",
    "In Resend open Webhooks, Add Webhook, and paste this provider's URL as the endpoint; "
    "then open the webhook and copy its Signing Secret (whsec_…) here.",
)
