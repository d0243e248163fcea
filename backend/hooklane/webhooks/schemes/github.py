"""GitHub: ``X-Hub-Signature-256: sha256=<hex>``, HMAC-SHA256 of the body.

https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries

The older X-Hub-Signature (SHA-1) is deliberately not accepted: GitHub sends both.
"""

from . import Event, Sender, SignedRequest, optional_header
from .recipe import Recipe


def describe(request: SignedRequest) -> Event:
    # The event header names only the family ("issues"); the action says what happened.
    event_type = optional_header(request, "X-GitHub-Event") or ""
    action = request.payload.get("action") if isinstance(request.payload, dict) else None
    if event_type and isinstance(action, str) and action:
        event_type = f"{event_type}.{action}"
    return Event(external_id=optional_header(request, "X-GitHub-Delivery"), event_type=event_type)


SENDER = Sender(
    name="github",
    label="GitHub",
    family="hmac",
    docs_url="https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries",
    setup=(
        "In the repository or organization settings, Webhooks → Add webhook: paste the ingest "
        "URL as Payload URL, content type application/json, and the same secret here."
    ),
    credential_name="Webhook secret",
    signature_headers=("x-hub-signature-256", "x-hub-signature"),
    recipe=Recipe(signature="header:X-Hub-Signature-256", prefix="sha256="),
    describe=describe,
)
