"""HubSpot (v3 signatures): base64 HMAC-SHA256 of method + URI + body + timestamp.

https://developers.hubspot.com/docs/guides/apps/authentication/validating-requests
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="hubspot_v3",
    label="HubSpot (v3 signatures)",
    family="hmac",
    docs_url="https://developers.hubspot.com/docs/guides/apps/authentication/validating-requests",
    setup=(
        "In the HubSpot app's settings (Webhooks) paste this provider's URL as the target URL; "
        "the secret is the app's Client secret (Auth tab). The URL is part of the signature: "
        "paste it exactly, without extra query parameters."
    ),
    credential_name="Client secret",
    recipe=Recipe(
        signature="header:X-HubSpot-Signature-v3",
        encoding="base64",
        message="{method}{url}{body}{timestamp}",
        timestamp="header:X-HubSpot-Request-Timestamp",
        timestamp_format="milliseconds",
        tolerance=300,
    ),
)
