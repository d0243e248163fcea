"""Replicate: Standard Webhooks (webhook-id / webhook-timestamp / webhook-signature headers).

https://replicate.com/docs/topics/webhooks/verify-webhook
"""

from dataclasses import replace

from .standard_webhooks import RECIPE, standard_sender

# The body is the prediction itself: its status (starting, processing, succeeded, …)
# says which of the webhook's events this is.
SENDER = replace(
    standard_sender(
        "replicate",
        "Replicate",
        "https://replicate.com/docs/topics/webhooks/verify-webhook",
        "Pass this provider's URL as the webhook of a prediction or training; the signing secret "
        "(whsec_…) is the same for every webhook of the account: fetch it from GET "
        "https://api.replicate.com/v1/webhooks/default/secret and copy its key here.",
    ),
    recipe=replace(RECIPE, event_type="body:status"),
)
