"""Box: ``BOX-SIGNATURE-PRIMARY`` / ``BOX-SIGNATURE-SECONDARY``, base64 HMAC-SHA256 of the body
followed by ``BOX-DELIVERY-TIMESTAMP``.

https://developer.box.com/guides/webhooks/v2/signatures-v2
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="box",
    label="Box",
    family="hmac",
    docs_url="https://developer.box.com/guides/webhooks/v2/signatures-v2",
    setup=(
        "In the Box Developer Console open your app, Webhooks, Manage signature keys, Generate "
        "the primary (and secondary) key and paste both here (one secret a line); create the "
        "webhook with this provider's URL as address."
    ),
    credential_name="Signature keys",
    recipe=Recipe(
        signature="header:BOX-SIGNATURE-PRIMARY|header:BOX-SIGNATURE-SECONDARY",
        encoding="base64",
        message="{body}{header:BOX-DELIVERY-TIMESTAMP}",
        timestamp="header:BOX-DELIVERY-TIMESTAMP",
        timestamp_format="rfc3339",
        # Box: reject deliveries more than ten minutes old.
        tolerance=600,
        event_id="header:BOX-DELIVERY-ID",
        event_type="body:trigger",
    ),
)
