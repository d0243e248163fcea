"""Mux: ``Mux-Signature: t=<unix>,v1=<hex>``, HMAC-SHA256 of ``t.body``.

https://www.mux.com/docs/core/verify-webhook-signatures
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="mux",
    label="Mux",
    family="hmac",
    docs_url="https://www.mux.com/docs/core/verify-webhook-signatures",
    setup=(
        "In the Mux dashboard open Settings, Webhooks, pick the environment and Create new "
        "webhook with this provider's URL; copy that webhook's Signing Secret here (each "
        "webhook has its own)."
    ),
    recipe=Recipe(
        signature="header:Mux-Signature",
        list_separator=",",
        item_key="v1",
        timestamp="item:t",
        message="{timestamp}.{body}",
        event_id="body:id",
        event_type="body:type",
    ),
)
