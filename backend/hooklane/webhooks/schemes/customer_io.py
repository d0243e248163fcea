"""Customer.io reporting webhooks: ``X-CIO-Signature: <hex>``, HMAC-SHA256 of
``v0:<X-CIO-Timestamp>:<body>``.

https://docs.customer.io/journeys/webhooks/#securely-verify-requests
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="customer_io",
    label="Customer.io",
    family="hmac",
    docs_url="https://docs.customer.io/journeys/webhooks/#securely-verify-requests",
    setup=(
        "In Customer.io open Data & Integrations, Integrations, Reporting Webhooks, Add "
        "Reporting Webhook with this provider's URL; copy the webhook signing key from the same "
        "page here."
    ),
    credential_name="Webhook signing key",
    recipe=Recipe(
        signature="header:X-CIO-Signature",
        message="v0:{timestamp}:{body}",
        timestamp="header:X-CIO-Timestamp",
    ),
)
