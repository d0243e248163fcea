"""Lemon Squeezy: ``X-Signature: <hex>``, HMAC-SHA256 of the body under the signing secret.

https://docs.lemonsqueezy.com/help/webhooks/signing-requests
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="lemon_squeezy",
    label="Lemon Squeezy",
    family="hmac",
    docs_url="https://docs.lemonsqueezy.com/help/webhooks/signing-requests",
    setup=(
        "In Lemon Squeezy open Settings, Webhooks, add a webhook with this provider's URL and "
        "a Signing secret of 6-40 characters; paste the same value here."
    ),
    recipe=Recipe(
        signature="header:X-Signature",
        event_type="body:meta.event_name",
    ),
)
