"""WorkOS: ``WorkOS-Signature: t=<unix ms>, v1=<hex>``, HMAC-SHA256 of ``t.body``.

https://workos.com/docs/events/data-syncing/webhooks/3-process-the-events/b-validate-the-requests-manually
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="workos",
    label="WorkOS",
    family="hmac",
    docs_url="https://workos.com/docs/events/data-syncing/webhooks/3-process-the-events/b-validate-the-requests-manually",
    setup=(
        "In the WorkOS dashboard open Webhooks, Create Webhook, paste this provider's URL and "
        "pick the events; copy the endpoint's Webhook Secret here."
    ),
    credential_name="Webhook secret",
    recipe=Recipe(
        signature="header:WorkOS-Signature",
        list_separator=",",
        item_key="v1",
        timestamp="item:t",
        timestamp_format="milliseconds",
        message="{timestamp}.{body}",
        # The WorkOS SDKs' default tolerance: three minutes.
        tolerance=180,
        event_id="body:id",
        event_type="body:event",
    ),
)
