"""Standard Webhooks and Svix: ``webhook-signature: v1,<base64> ...`` (or ``svix-*`` headers).

HMAC-SHA256 of "<id>.<timestamp>.<body>" under the base64-decoded secret (``whsec_`` optional).
https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
https://docs.svix.com/receiving/verifying-payloads/how-manual

Entries are space-separated "<version>,<base64>"; v1a (asymmetric) and future versions are
skipped, and rotation shows up as several v1 entries. The standardwebhooks and svix libraries
base64-decode a secret whether or not it has the prefix, so a bare secret is decoded too;
they drop characters outside the alphabet, where here such a secret is refused.
"""

from . import Sender
from .recipe import Recipe, secret_key

# Svix, where the spec comes from, still sends its own svix-* header names; the senders that
# follow the spec under their own name reuse this recipe.
RECIPE = Recipe(
    signature="header:webhook-signature|header:svix-signature",
    list_separator=" ",
    prefix="v1,",
    encoding="base64",
    key="whsec_base64",
    timestamp="header:webhook-timestamp|header:svix-timestamp",
    message="{header:webhook-id|header:svix-id}.{timestamp}.{body}",
    event_id="header:webhook-id|header:svix-id",
    event_type="body:type",
)


def decode_secret(secret: str) -> bytes:
    """The HMAC key: the base64 text after an optional ``whsec_`` prefix."""
    return secret_key(secret, "whsec_base64")


def standard_sender(name: str, label: str, docs_url: str, setup: str) -> Sender:
    """A sender that signs by the Standard Webhooks spec under its own name."""
    return Sender(
        name=name,
        label=label,
        family="hmac",
        docs_url=docs_url,
        setup=setup,
        credential_name="Signing secret (whsec_…)",
        recipe=RECIPE,
    )


SENDER = standard_sender(
    "standard_webhooks",
    "Standard Webhooks / Svix",
    "https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md",
    "Any sender that follows the Standard Webhooks spec or sends through Svix: paste the "
    "ingest URL as the endpoint and the endpoint's signing secret (whsec_…) here.",
)
