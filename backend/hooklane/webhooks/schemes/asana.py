"""Asana: ``X-Hook-Signature: <hex>``, HMAC-SHA256 of the body under the secret Asana hands
over in the handshake (``X-Hook-Secret``), which is echoed back and kept as the secret.

https://developers.asana.com/docs/webhooks-guide#the-webhook-handshake
"""

from collections.abc import Mapping, Sequence
from typing import Any

from . import Event, Handshake, Sender, SignedRequest
from .recipe import Recipe, compile_recipe

RECIPE = Recipe(signature="header:X-Hook-Signature")
_signed = compile_recipe(RECIPE)


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    # The handshake arrives before any secret exists and is the only request that carries
    # X-Hook-Secret: it is answered (200, the header echoed) and its secret kept. A recipe
    # cannot say this (its handshakes run after the secret check), hence this wrapper. Once
    # the provider has a secret, nobody can swap it by sending another X-Hook-Secret: the
    # request must then be signed like any other.
    offered = (request.headers.get("x-hook-secret") or "").strip()
    if offered and not secrets:
        return Event(
            external_id=None,
            event_type="handshake",
            handshake=Handshake(headers={"X-Hook-Secret": offered}, store_secret=offered),
        )
    return _signed(request, secrets, settings, now)


SENDER = Sender(
    name="asana",
    label="Asana",
    family="hmac",
    docs_url="https://developers.asana.com/docs/webhooks-guide#the-webhook-handshake",
    setup=(
        "Create the webhook with POST /webhooks (resource and target = this provider's URL), "
        "leaving this provider's secret empty: Asana's handshake sends X-Hook-Secret, which "
        "Hooklane echoes and keeps as the secret. To re-create the webhook, clear the secret "
        "first."
    ),
    credential_name="X-Hook-Secret",
    verifier=verify,
    signature_headers=("x-hook-signature",),
    signs_timestamp=False,
)
