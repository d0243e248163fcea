"""WooCommerce: ``X-WC-Webhook-Signature: <base64>``, HMAC-SHA256 of the body.

https://woocommerce.com/document/webhooks/
"""

from collections.abc import Mapping, Sequence
from typing import Any

from . import Event, Sender, SignedRequest
from .handshakes import woocommerce_ping
from .recipe import Recipe, compile_recipe

RECIPE = Recipe(
    signature="header:X-WC-Webhook-Signature",
    encoding="base64",
    event_id="header:X-WC-Webhook-Delivery-ID",
    event_type="header:X-WC-Webhook-Topic",
    handshake="woocommerce_ping",
)
_verify_signed = compile_recipe(RECIPE)


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    """The recipe, after answering WooCommerce's unsigned ping.

    A recipe calls its handshake before the signature only for GET probes; WooCommerce's
    ping is an unsigned POST, so it is recognised here first (woocommerce_ping refuses any
    request that carries a signature, and the ping is never routed).
    """
    answer = woocommerce_ping(request, (), settings, now)
    if answer is not None:
        return Event(external_id=None, event_type="handshake", handshake=answer)
    return _verify_signed(request, secrets, settings, now)


SENDER = Sender(
    name="woocommerce",
    label="WooCommerce",
    family="hmac",
    docs_url="https://woocommerce.com/document/webhooks/",
    setup=(
        "In WordPress open WooCommerce, Settings, Advanced, Webhooks, Add webhook: paste this "
        "provider's URL as the Delivery URL and the same Secret here. On saving, WooCommerce "
        "posts an unsigned ping (webhook_id=N), which is answered with 200 and never routed."
    ),
    verifier=verify,
    signature_headers=RECIPE.signature_headers,
    signs_timestamp=False,
)
