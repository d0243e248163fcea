"""LaunchDarkly: ``X-LD-Signature: <hex>``, HMAC-SHA256 of the body under the webhook secret.

https://launchdarkly.com/docs/home/infrastructure/webhooks#sign-a-webhook
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="launchdarkly",
    label="LaunchDarkly",
    family="hmac",
    docs_url="https://launchdarkly.com/docs/home/infrastructure/webhooks#sign-a-webhook",
    setup=(
        "In LaunchDarkly open Organization settings, Integrations, Webhooks, Add integration, "
        "paste this provider's URL, check Sign this webhook and paste the secret shown here."
    ),
    recipe=Recipe(
        signature="header:X-LD-Signature",
        event_id="body:_id",
        event_type="body:kind",
    ),
)
