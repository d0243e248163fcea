"""Sanity (GROQ webhooks): ``sanity-webhook-signature: t=<unix ms>,v1=<base64url>``, HMAC-SHA256
of ``t.body``.

https://www.sanity.io/docs/webhooks
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="sanity",
    label="Sanity",
    family="hmac",
    docs_url="https://www.sanity.io/docs/webhooks",
    setup=(
        "In sanity.io/manage open the project, API, Webhooks, Create webhook, paste this "
        "provider's URL and set a Secret; paste the same Secret here."
    ),
    recipe=Recipe(
        signature="header:sanity-webhook-signature",
        encoding="base64url",
        list_separator=",",
        item_key="v1",
        timestamp="item:t",
        timestamp_format="milliseconds",
        message="{timestamp}.{body}",
    ),
)
