"""Stripe: ``Stripe-Signature: t=<unix>,v1=<hex>``, HMAC-SHA256 of "<t>.<body>".

https://docs.stripe.com/webhooks#verify-manually

Parsed like Stripe's own library: the first ``t`` wins, and v0 (test-mode legacy) or any
future scheme name is ignored. While a secret is being rolled, Stripe sends one v1 per
valid secret.
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="stripe",
    label="Stripe",
    family="hmac",
    docs_url="https://docs.stripe.com/webhooks#verify-manually",
    setup=(
        "In the Stripe Dashboard, Developers → Webhooks → Add endpoint, paste the ingest URL, "
        "then reveal the endpoint's signing secret (whsec_…) and paste it here."
    ),
    credential_name="Signing secret (whsec_…)",
    recipe=Recipe(
        signature="header:Stripe-Signature",
        list_separator=",",
        item_key="v1",
        timestamp="item:t",
        message="{timestamp}.{body}",
        event_id="body:id",
        event_type="body:type",
        json_object=True,
    ),
)
