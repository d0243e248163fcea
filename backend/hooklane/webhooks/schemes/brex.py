"""Brex: Standard Webhooks (webhook-id / webhook-timestamp / webhook-signature headers).

https://developer.brex.com/docs/webhooks/
"""

from dataclasses import replace

from .standard_webhooks import RECIPE, standard_sender

# Brex names the type event_type (EXPENSE_PAYMENT_UPDATED, …).
SENDER = replace(
    standard_sender(
        "brex",
        "Brex",
        "https://developer.brex.com/docs/webhooks/",
        "Register this provider's URL with POST /v1/webhooks; the signing secrets come from GET "
        "/v1/webhooks/secrets: add every secret it lists (during a rotation it lists two).",
    ),
    recipe=replace(RECIPE, event_type="body:event_type"),
)
