"""Meta (WhatsApp, Instagram, Messenger): ``X-Hub-Signature-256: sha256=<hex>`` of the body.

https://developers.facebook.com/docs/graph-api/webhooks/getting-started
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="meta",
    label="Meta (WhatsApp, Instagram, Messenger)",
    family="hmac",
    docs_url="https://developers.facebook.com/docs/graph-api/webhooks/getting-started",
    setup=(
        "The secret is the app's App Secret (App settings, Basic). Choose a verify token, put it "
        "in this provider's settings as verify_token, then in the app's Webhooks product paste "
        "this provider's URL as the Callback URL and the same Verify token: Meta's GET "
        "hub.challenge is answered only when the tokens match."
    ),
    credential_name="App Secret",
    accepts_get=True,
    settings_fields=("verify_token",),
    recipe=Recipe(
        signature="header:X-Hub-Signature-256",
        prefix="sha256=",
        event_type="body:object",
        handshake="meta_verify_token",
    ),
)
