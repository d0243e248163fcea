"""Polar: Standard Webhooks headers, keyed by the secret's own UTF-8 bytes.

https://docs.polar.sh/integrate/webhooks/delivery
"""

from dataclasses import replace

from .standard_webhooks import RECIPE, standard_sender

SENDER = replace(
    standard_sender(
        "polar",
        "Polar",
        "https://docs.polar.sh/integrate/webhooks/delivery",
        "In Polar open the organization's Settings, Webhooks, Add Endpoint, and paste this "
        "provider's URL; copy the endpoint's secret here. Polar signs with the secret's text "
        "itself, not its base64 decoding (Polar's SDK base64-encodes the secret before handing "
        "it to a Standard Webhooks library).",
    ),
    credential_name="Webhook secret",
    recipe=replace(RECIPE, key="utf8"),
)
