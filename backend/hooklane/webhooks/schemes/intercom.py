"""Intercom: ``X-Hub-Signature: sha1=<hex>``, HMAC-SHA1 of the body under the client secret.

https://developers.intercom.com/docs/references/webhooks/webhook-models#signed-notifications
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="intercom",
    label="Intercom",
    family="hmac",
    docs_url="https://developers.intercom.com/docs/references/webhooks/webhook-models#signed-notifications",
    setup=(
        "In the Intercom Developer Hub open the app's Webhooks and paste this provider's URL as "
        "the endpoint URL; the secret is the app's client_secret (Basic information)."
    ),
    credential_name="Client secret",
    recipe=Recipe(
        signature="header:X-Hub-Signature",
        digest="sha1",
        prefix="sha1=",
        event_id="body:id",
        event_type="body:topic",
    ),
)
