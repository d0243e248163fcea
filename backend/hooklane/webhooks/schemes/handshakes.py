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
from urllib.parse import parse_qs

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
    encrypted = hmac.new(_zoom_signing_key(request, keys), plain.encode(), hashlib.sha256)
    return _json({"plainToken": plain, "encryptedToken": encrypted.hexdigest()})


def _zoom_signing_key(request: SignedRequest, keys: Sequence[bytes]) -> bytes:
    """The secret that signed the probe: with two during a rotation, the first may be stale,
    and a token encrypted under it would fail Zoom's validation."""
    signature = (request.headers.get("x-zm-signature") or "").strip().encode()
    signed = f"v0:{(request.headers.get('x-zm-request-timestamp') or '').strip()}:".encode()
    for key in keys:
        expected = (
            b"v0=" + hmac.new(key, signed + request.body, hashlib.sha256).hexdigest().encode()
        )
        if hmac.compare_digest(expected, signature):
            return key
    return keys[0]


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


def meta_verify_token(
    request: SignedRequest, keys: Sequence[bytes], settings: Mapping[str, Any], now: float
) -> Handshake | None:
    """Meta's subscription check: GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…

    Meta does not sign the GET; it proves itself with the verify token the app's owner typed
    into both Meta and this provider's settings (``verify_token``). The challenge is echoed
    only when the tokens match.
    https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests
    """
    if request.method != "GET":
        return None
    query = request.query

    def first(name: str) -> str | None:
        values = query.get(name) or []
        return values[0] if values and isinstance(values[0], str) else None

    if first("hub.mode") != "subscribe":
        return None
    configured = settings.get("verify_token")
    if not isinstance(configured, str) or not configured:
        raise SignatureError("no verify_token in the provider's settings", reason="no_secret")
    token = first("hub.verify_token")
    if token is None:
        raise SignatureError("missing hub.verify_token", reason="missing_header")
    if not hmac.compare_digest(token.encode(), configured.encode()):
        raise SignatureError("hub.verify_token does not match", reason="wrong_signature")
    challenge = first("hub.challenge")
    if not challenge:
        raise SignatureError("missing hub.challenge", reason="missing_header")
    return Handshake(body=challenge.encode())


def woocommerce_ping(
    request: SignedRequest, keys: Sequence[bytes], settings: Mapping[str, Any], now: float
) -> Handshake | None:
    """WooCommerce's ping on saving a webhook: an unsigned POST whose form body is webhook_id=N.

    WooCommerce marks the webhook as delivering only when the ping gets exactly 200. The
    ping carries no signature, so nothing in it is trusted: it is answered and stored as a
    handshake, never routed. A signed request is never taken for a ping.
    https://github.com/woocommerce/woocommerce/blob/trunk/plugins/woocommerce/includes/class-wc-webhook.php
    """
    if "x-wc-webhook-signature" in request.headers:
        return None
    form = request.form
    if form is None:
        try:
            form = parse_qs(request.body.decode("ascii"), strict_parsing=True)
        except (UnicodeDecodeError, ValueError):
            return None
    ids = form.get("webhook_id") if set(form) == {"webhook_id"} else None
    if not ids or len(ids) != 1 or not ids[0].isdigit():
        return None
    return Handshake()


HandshakeFunction = Callable[
    [SignedRequest, Sequence[bytes], Mapping[str, Any], float], Handshake | None
]
HANDSHAKES: dict[str, HandshakeFunction] = {
    "slack_url_verification": slack_url_verification,
    "zoom_url_validation": zoom_url_validation,
    "twitch_callback_verification": twitch_callback_verification,
    "meta_verify_token": meta_verify_token,
    "woocommerce_ping": woocommerce_ping,
}
