"""X (Twitter) webhooks: ``x-twitter-webhooks-signature: sha256=<base64>``, HMAC-SHA256 of the
body under the app's consumer secret; the CRC (GET ?crc_token=) is answered.

https://docs.x.com/x-api/webhooks/quickstart
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="x_twitter",
    label="X (Twitter)",
    family="hmac",
    docs_url="https://docs.x.com/x-api/webhooks/quickstart",
    setup=(
        "Register this provider's URL with POST /2/webhooks (or the Account Activity API) and "
        "paste your app's API Key Secret (consumer secret) here: X's CRC GET is answered with "
        "it, on registration and every hour."
    ),
    credential_name="API Key Secret",
    accepts_get=True,
    recipe=Recipe(
        signature="header:x-twitter-webhooks-signature",
        encoding="base64",
        prefix="sha256=",
        handshake="x_crc",
    ),
)
