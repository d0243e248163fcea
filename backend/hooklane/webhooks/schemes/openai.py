"""OpenAI: Standard Webhooks (webhook-id / webhook-timestamp / webhook-signature headers).

https://platform.openai.com/docs/guides/webhooks
"""

from .standard_webhooks import standard_sender

SENDER = standard_sender(
    "openai",
    "OpenAI",
    "https://platform.openai.com/docs/guides/webhooks",
    "In the OpenAI platform open Settings, Project, Webhooks, Create, and paste this "
    "provider's URL as the endpoint URL; OpenAI shows the signing secret (whsec_…) once, "
    "right after creating it: copy it here.",
)
