"""Vercel: ``x-vercel-signature: <hex>``, HMAC-SHA1 of the body.

https://vercel.com/docs/webhooks/webhooks-api#securing-webhooks
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="vercel",
    label="Vercel",
    family="hmac",
    docs_url="https://vercel.com/docs/webhooks/webhooks-api#securing-webhooks",
    setup=(
        "In the Vercel team's Settings, Webhooks, create a webhook with this provider's URL "
        "and copy the secret Vercel shows once; an integration's webhooks are signed with the "
        "integration's Client Secret instead."
    ),
    recipe=Recipe(
        signature="header:x-vercel-signature",
        digest="sha1",
        event_id="body:id",
        event_type="body:type",
    ),
)
