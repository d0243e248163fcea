"""Sentry integration platform: ``Sentry-Hook-Signature: <hex>``, HMAC-SHA256 of the body
under the integration's Client Secret.

https://docs.sentry.io/organization/integrations/integration-platform/webhooks/
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="sentry",
    label="Sentry",
    family="hmac",
    docs_url="https://docs.sentry.io/organization/integrations/integration-platform/webhooks/",
    setup=(
        "In Sentry open Settings, Developer Settings, Custom Integrations, create an internal "
        "(or public) integration with this provider's URL as Webhook URL and the resources you "
        "want; copy its Client Secret here."
    ),
    credential_name="Client Secret",
    recipe=Recipe(
        signature="header:Sentry-Hook-Signature",
        event_id="header:Request-ID",
        # The resource (issue, error, comment, event_alert, …) names what the action is about.
        event_type="header:Sentry-Hook-Resource",
    ),
)
