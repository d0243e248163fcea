"""DocuSign Connect: ``X-DocuSign-Signature-1`` (…``-N``, one per active HMAC key), base64
HMAC-SHA256 of the body.

https://developers.docusign.com/platform/webhooks/connect/hmac/
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="docusign",
    label="DocuSign Connect",
    family="hmac",
    docs_url="https://developers.docusign.com/platform/webhooks/connect/hmac/",
    setup=(
        "In DocuSign eSignature Admin open Connect, Connect Keys, Add Secret Key and paste it here "
        "(with several active keys paste the first one, whose signature comes in "
        "X-DocuSign-Signature-1); enable Include HMAC Signature on the Connect configuration "
        "whose URL is this provider's."
    ),
    credential_name="Connect HMAC key",
    recipe=Recipe(
        signature="header:X-DocuSign-Signature-1|header:X-DocuSign-Signature-2",
        encoding="base64",
        event_type="body:event",
    ),
)
