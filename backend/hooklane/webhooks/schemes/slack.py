"""Slack: ``X-Slack-Signature: v0=<hex>``, HMAC-SHA256 of "v0:<timestamp>:<body>".

https://docs.slack.dev/authentication/verifying-requests-from-slack/

Slash commands and interactivity are signed the same way but arrive form-encoded; they carry
no event id, so they are accepted with an unknown type. ``url_verification`` is answered.
"""

from . import Event, Sender, SignedRequest, str_or_none
from .recipe import Recipe


def describe(request: SignedRequest) -> Event:
    payload = request.payload
    if not isinstance(payload, dict):
        return Event(external_id=None, event_type="")
    inner = payload.get("event")
    event_type = str_or_none(inner.get("type")) if isinstance(inner, dict) else None
    return Event(
        external_id=str_or_none(payload.get("event_id")),
        event_type=event_type or str_or_none(payload.get("type")) or "",
    )


SENDER = Sender(
    name="slack",
    label="Slack",
    family="hmac",
    docs_url="https://docs.slack.dev/authentication/verifying-requests-from-slack/",
    setup=(
        "In the app's settings, Basic Information → App Credentials holds the Signing Secret; "
        "paste the ingest URL as the Event Subscriptions Request URL (Slack verifies it at once)."
    ),
    recipe=Recipe(
        signature="header:X-Slack-Signature",
        prefix="v0=",
        timestamp="header:X-Slack-Request-Timestamp",
        message="v0:{timestamp}:{body}",
        handshake="slack_url_verification",
    ),
    describe=describe,
)
