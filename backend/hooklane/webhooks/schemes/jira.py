"""Jira Cloud (admin webhooks with a secret): ``X-Hub-Signature: sha256=<hex>``, HMAC-SHA256
of the body (the WebSub method).

https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="jira",
    label="Jira Cloud",
    family="hmac",
    docs_url="https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks",
    setup=(
        "As a Jira admin open Settings, System, WebHooks, Create a WebHook, paste this "
        "provider's URL and set a Secret (or Generate secret); paste the same value here. "
        "Webhooks registered by Connect or OAuth apps are not signed this way."
    ),
    recipe=Recipe(
        signature="header:X-Hub-Signature",
        prefix="sha256=",
        event_id="header:X-Atlassian-Webhook-Identifier",
        event_type="body:webhookEvent",
    ),
)
