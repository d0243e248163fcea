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
    # cannot say this (its handshakes run after the secret check), hence this wrapper.
    # Ingest stores the secret only while the provider has none (409 otherwise), so knowing
    # the URL is not enough to swap it.
    offered = (request.headers.get("x-hook-secret") or "").strip()
    if offered:
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
        "Hooklane echoes and keeps as the secret. A provider that has a secret refuses a new "
        "handshake (409): create a new provider for a new webhook."
    ),
    credential_name="X-Hook-Secret",
    verifier=verify,
    # X-Hook-Secret is the secret itself: hidden wherever headers are shown.
    signature_headers=("x-hook-signature", "x-hook-secret"),
    signs_timestamp=False,
)
