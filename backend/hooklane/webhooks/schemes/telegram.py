"""Telegram Bot API: ``X-Telegram-Bot-Api-Secret-Token`` carries setWebhook's secret_token.

https://core.telegram.org/bots/api#setwebhook
"""

from collections.abc import Mapping, Sequence
from typing import Any

from . import Event, Sender, SignedRequest
from .shared_token import check_header_token


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    check_header_token(request, secrets, "X-Telegram-Bot-Api-Secret-Token")
    update = request.payload if isinstance(request.payload, dict) else {}
    update_id = update.get("update_id")
    # An Update has update_id and exactly one optional field naming its kind ("message", ...).
    kinds = [key for key in update if key != "update_id"]
    return Event(
        external_id=str(update_id) if isinstance(update_id, int) else None,
        event_type=kinds[0] if len(kinds) == 1 else "",
    )


SENDER = Sender(
    name="telegram",
    label="Telegram",
    family="token",
    docs_url="https://core.telegram.org/bots/api#setwebhook",
    setup=(
        "Call setWebhook with url set to the Hooklane URL and secret_token set to a random "
        "value of 1-256 characters A-Z, a-z, 0-9, _ and -, and paste that value as the secret."
    ),
    verifier=verify,
    signature_headers=("x-telegram-bot-api-secret-token",),
    credential_name="Secret token",
)
