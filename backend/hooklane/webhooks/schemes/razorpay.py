"""Razorpay: ``X-Razorpay-Signature: <hex>``, HMAC-SHA256 of the body.

https://razorpay.com/docs/webhooks/validate-test/
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="razorpay",
    label="Razorpay",
    family="hmac",
    docs_url="https://razorpay.com/docs/webhooks/validate-test/",
    setup=(
        "In the Razorpay Dashboard open Accounts & Settings, Webhooks, Add New Webhook, paste "
        "this provider's URL and type a Secret; paste the same Secret here (it is not your "
        "API key secret)."
    ),
    recipe=Recipe(
        signature="header:X-Razorpay-Signature",
        event_id="header:X-Razorpay-Event-Id",
        event_type="body:event",
    ),
)
