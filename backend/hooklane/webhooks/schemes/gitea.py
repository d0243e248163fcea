"""Gitea (and Forgejo): ``X-Gitea-Signature: <hex>``, HMAC-SHA256 of the body.

https://docs.gitea.com/usage/webhooks
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="gitea",
    label="Gitea",
    family="hmac",
    docs_url="https://docs.gitea.com/usage/webhooks",
    setup=(
        "In the repository (or organization) open Settings, Webhooks, Add Webhook, Gitea, "
        "paste this provider's URL and set a Secret; paste the same Secret here."
    ),
    recipe=Recipe(
        signature="header:X-Gitea-Signature",
        event_id="header:X-Gitea-Delivery",
        event_type="header:X-Gitea-Event",
    ),
)
