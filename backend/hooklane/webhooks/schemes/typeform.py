"""Typeform: ``Typeform-Signature: sha256=<base64>``, HMAC-SHA256 of the body.

https://www.typeform.com/developers/webhooks/secure-your-webhooks/
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="typeform",
    label="Typeform",
    family="hmac",
    docs_url="https://www.typeform.com/developers/webhooks/secure-your-webhooks/",
    setup=(
        "In the form's Connect, Webhooks, Add a webhook with this provider's URL; then in its "
        "settings set a Secret and paste the same value here."
    ),
    recipe=Recipe(
        signature="header:Typeform-Signature",
        encoding="base64",
        prefix="sha256=",
        event_id="body:event_id",
        event_type="body:event_type",
    ),
)
