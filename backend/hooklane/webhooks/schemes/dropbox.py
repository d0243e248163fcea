"""Dropbox: ``X-Dropbox-Signature: <hex>``, HMAC-SHA256 of the body under the app secret;
GET ?challenge= echoed when the webhook is added.

https://www.dropbox.com/developers/reference/webhooks#documentation
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="dropbox",
    label="Dropbox",
    family="hmac",
    docs_url="https://www.dropbox.com/developers/reference/webhooks#documentation",
    setup=(
        "In the Dropbox App Console open your app, Settings, copy the App secret here, then "
        "add this provider's URL under Webhooks: Dropbox GETs it with ?challenge= and "
        "Hooklane echoes it."
    ),
    credential_name="App secret",
    accepts_get=True,
    recipe=Recipe(
        signature="header:X-Dropbox-Signature",
        handshake="challenge_echo",
    ),
)
