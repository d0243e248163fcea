"""PagerDuty (V3 webhooks): ``X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]``, HMAC-SHA256 of
the body; several signatures while a secret rotates.

https://developer.pagerduty.com/docs/webhooks/webhook-signatures/
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="pagerduty",
    label="PagerDuty",
    family="hmac",
    docs_url="https://developer.pagerduty.com/docs/webhooks/webhook-signatures/",
    setup=(
        "In PagerDuty open Integrations, Generic Webhooks (v3), New Webhook, paste this "
        "provider's URL and pick the events; copy the Signing Secret shown once after "
        "saving here."
    ),
    recipe=Recipe(
        signature="header:X-PagerDuty-Signature",
        list_separator=",",
        item_key="v1",
        event_id="body:event.id",
        event_type="body:event.event_type",
    ),
)
