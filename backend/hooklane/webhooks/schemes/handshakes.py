"""Set-up probes that senders send before events, and the answers they expect.

A handshake function takes the request, the HMAC keys, the provider's settings and the clock
and returns the `Handshake` to answer, or None when the request is an ordinary event. Recipes
name one in their ``handshake`` field. A POST probe is answered only once its signature
verified; a GET probe (Meta, Dropbox, X) carries no signature, so its function checks what
the sender documents instead (a verify token, an HMAC of the challenge) and the recipe's
verifier calls it before looking for a signature.
"""

import hashlib
import hmac
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from . import Handshake, SignatureError, SignedRequest, str_or_none


def _json(data: dict) -> Handshake:
    return Handshake(body=json.dumps(data).encode(), content_type="application/json")


def slack_url_verification(
    request: SignedRequest, keys: Sequence[bytes], settings: Mapping[str, Any], now: float
) -> Handshake | None:
    """Slack's ``url_verification``: echo the challenge (https://docs.slack.dev/reference/events/url_verification/)."""
    payload = request.payload
    if not isinstance(payload, dict) or payload.get("type") != "url_verification":
        return None
    challenge = str_or_none(payload.get("challenge"))
    if challenge is None:
        raise SignatureError("Slack url_verification has no challenge", reason="invalid_body")
    return _json({"challenge": challenge})


def zoom_url_validation(
    request: SignedRequest, keys: Sequence[bytes], settings: Mapping[str, Any], now: float
) -> Handshake | None:
    """Zoom's ``endpoint.url_validation``: the plain token and its HMAC-SHA256 under the
    secret token, hex (https://developers.zoom.us/docs/api/webhooks/#validate-your-webhook-endpoint)."""
    payload = request.payload
    if not isinstance(payload, dict) or payload.get("event") != "endpoint.url_validation":
        return None
    inner = payload.get("payload")
    plain = str_or_none(inner.get("plainToken")) if isinstance(inner, dict) else None
    if not plain:
        raise SignatureError("Zoom url_validation has no plainToken", reason="invalid_body")
    encrypted = hmac.new(keys[0], plain.encode(), hashlib.sha256).hexdigest()
    return _json({"plainToken": plain, "encryptedToken": encrypted})


def twitch_callback_verification(
    request: SignedRequest, keys: Sequence[bytes], settings: Mapping[str, Any], now: float
) -> Handshake | None:
    """Twitch EventSub ``webhook_callback_verification``: the challenge as plain text
    (https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#responding-to-a-challenge-request)."""
    if request.headers.get("twitch-eventsub-message-type") != "webhook_callback_verification":
        return None
    payload = request.payload
    challenge = str_or_none(payload.get("challenge")) if isinstance(payload, dict) else None
    if challenge is None:
        raise SignatureError("Twitch verification has no challenge", reason="invalid_body")
    return Handshake(body=challenge.encode(), content_type="text/plain")


HandshakeFunction = Callable[
    [SignedRequest, Sequence[bytes], Mapping[str, Any], float], Handshake | None
]
HANDSHAKES: dict[str, HandshakeFunction] = {
    "slack_url_verification": slack_url_verification,
    "zoom_url_validation": zoom_url_validation,
    "twitch_callback_verification": twitch_callback_verification,
}
