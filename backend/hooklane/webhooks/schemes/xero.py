"""Xero: ``x-xero-signature: <base64>``, HMAC-SHA256 of the body under the webhook key;
"intent to receive" probes are signed requests with no events, answered 200 (or 401).

https://developer.xero.com/documentation/guides/webhooks/configuring-your-server/
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="xero",
    label="Xero",
    family="hmac",
    docs_url="https://developer.xero.com/documentation/guides/webhooks/configuring-your-server/",
    setup=(
        "In the Xero developer portal open your app, Webhooks, paste this provider's URL as "
        "the delivery URL and copy the Webhooks key here; then Send 'Intent to receive': "
        "Hooklane answers it."
    ),
    credential_name="Webhooks key",
    recipe=Recipe(
        signature="header:x-xero-signature",
        encoding="base64",
        handshake="xero_intent_to_receive",
    ),
)
