"""Bitbucket Cloud: ``X-Hub-Signature: sha256=<hex>``, HMAC-SHA256 of the body.

https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/#Secure-webhooks
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="bitbucket",
    label="Bitbucket Cloud",
    family="hmac",
    docs_url="https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/",
    setup=(
        "In the repository (or workspace) open Settings, Webhooks, Add webhook, paste this "
        "provider's URL, and set a Secret (or Generate secret); paste it here before saving, "
        "Bitbucket never shows it again."
    ),
    recipe=Recipe(
        signature="header:X-Hub-Signature",
        prefix="sha256=",
        event_id="header:X-Request-UUID",
        event_type="header:X-Event-Key",
    ),
)
