"""CircleCI outbound webhooks: ``circleci-signature: v1=<hex>``, HMAC-SHA256 of the body.

https://circleci.com/docs/guides/integration/outbound-webhooks/
"""

from . import Sender
from .recipe import Recipe

SENDER = Sender(
    name="circleci",
    label="CircleCI",
    family="hmac",
    docs_url="https://circleci.com/docs/guides/integration/outbound-webhooks/",
    setup=(
        "In the CircleCI app open the project, Project Settings, Webhooks, Add Webhook, paste "
        "this provider's URL and a Secret token; paste the same secret here."
    ),
    credential_name="Secret token",
    recipe=Recipe(
        signature="header:circleci-signature",
        list_separator=",",
        item_key="v1",
        event_id="body:id",
        event_type="body:type",
    ),
)
