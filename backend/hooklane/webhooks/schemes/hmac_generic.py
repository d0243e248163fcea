"""Generic HMAC: any sender that puts an HMAC of the raw body in a header of its choosing.

Settings: ``header`` (default "X-Signature"), ``algorithm`` ("sha1", "sha256", "sha512";
default "sha256"), ``encoding`` ("hex" or "base64"; default "hex"), ``prefix`` (e.g.
"sha256="; default ""), and optionally ``id_header`` and ``event_type_header``. Senders
rotating a secret send one signature per secret, comma-separated.

There is no single document; GitHub's page shows the common shape:
https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
"""

from collections.abc import Mapping
from typing import Any

from . import Sender
from .recipe import DIGESTS, Recipe, RecipeError

ALGORITHMS = DIGESTS
ENCODINGS = ("hex", "base64")


def recipe_from_settings(settings: Mapping[str, Any]) -> Recipe:
    name = settings.get("header") or "X-Signature"
    algorithm = settings.get("algorithm") or "sha256"
    encoding = settings.get("encoding") or "hex"
    prefix = settings.get("prefix") or ""
    id_header = settings.get("id_header")
    type_header = settings.get("event_type_header")
    texts = (name, algorithm, encoding, prefix, id_header or "", type_header or "")
    if not all(isinstance(text, str) and "|" not in text for text in texts):
        raise RecipeError({"settings": "header names and options are text"})
    if encoding not in ENCODINGS:
        raise RecipeError({"encoding": f"One of {', '.join(ENCODINGS)}."})
    return Recipe(
        signature=f"header:{name}",
        digest=algorithm,
        encoding=encoding,
        prefix=prefix,
        list_separator=",",
        event_id=f"header:{id_header}" if id_header else None,
        event_type=(f"header:{type_header}|" if type_header else "") + "body:type|body:event",
    )


SENDER = Sender(
    name="hmac_generic",
    label="Generic HMAC",
    family="hmac",
    docs_url="https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries",
    setup="For a sender not listed: name the header that carries the signature, the digest and "
    "the encoding, and paste the shared secret.",
    signature_headers=("x-signature",),
    recipe_from_settings=recipe_from_settings,
)
