"""What a provider's secret and settings must look like, per signature scheme."""

import re
from typing import Any

from hooklane.core.errors import ValidationFailed

from .models import WebhookProvider
from .schemes import SENDERS, SignatureError
from .schemes.hmac_generic import ALGORITHMS, ENCODINGS
from .schemes.recipe import Recipe, RecipeError, secret_key

MAX_SECRET_LENGTH = 1000
# A header WSGI can carry: letters, digits and hyphens (underscores are dropped by servers).
_HEADER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,99}$")
_PREFIX = re.compile(r"^[\x21-\x7e]{0,32}$")
_SETTING_TEXT = re.compile(r"^[\x21-\x7e]{1,200}$")
_HMAC_DEFAULTS = {"header": "X-Signature", "algorithm": "sha256", "encoding": "hex", "prefix": ""}
_HMAC_OPTIONAL_HEADERS = ("id_header", "event_type_header")


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: [message]})


def recipe_clean(data: Any, *, field: str) -> Recipe:
    """A recipe from JSON, validated; ValidationFailed naming each bad recipe field as
    `<field>.<recipe field>` (e.g. `settings.recipe.digest`)."""
    try:
        return Recipe.from_dict(data)
    except RecipeError as exc:
        fields = {
            field if name == "recipe" else f"{field}.{name}": [problem]
            for name, problem in exc.fields.items()
        }
        raise ValidationFailed(f"The recipe cannot work: {exc}", fields=fields) from None


def provider_settings_clean(*, provider_name: str, settings: Any) -> dict[str, Any]:
    """The settings to store for this scheme, defaults filled in; ValidationFailed otherwise."""
    settings = settings or {}
    if not isinstance(settings, dict):
        raise _invalid("settings", "Settings must be an object.")
    if provider_name == "custom":
        unknown = sorted(set(settings) - {"recipe"})
        if unknown:
            raise _invalid("settings", f"Unknown settings: {', '.join(unknown)}.")
        if "recipe" not in settings:
            raise _invalid("settings.recipe", "A custom provider needs a recipe.")
        return {"recipe": recipe_clean(settings["recipe"], field="settings.recipe").to_dict()}
    if provider_name != WebhookProvider.Name.HMAC_GENERIC:
        return _sender_settings_clean(provider_name, settings)

    unknown = sorted(set(settings) - set(_HMAC_DEFAULTS) - set(_HMAC_OPTIONAL_HEADERS))
    if unknown:
        raise _invalid("settings", f"Unknown settings: {', '.join(unknown)}.")
    cleaned = {**_HMAC_DEFAULTS, **settings}
    if not (isinstance(cleaned["header"], str) and _HEADER_NAME.match(cleaned["header"])):
        raise _invalid("settings", "header must be a header name (letters, digits, hyphens).")
    if cleaned["algorithm"] not in ALGORITHMS:
        raise _invalid("settings", f"algorithm must be one of {', '.join(ALGORITHMS)}.")
    if cleaned["encoding"] not in ENCODINGS:
        raise _invalid("settings", f"encoding must be one of {', '.join(ENCODINGS)}.")
    if not (isinstance(cleaned["prefix"], str) and _PREFIX.match(cleaned["prefix"])):
        raise _invalid("settings", "prefix must be at most 32 printable ASCII characters.")
    for name in _HMAC_OPTIONAL_HEADERS:
        value = cleaned.get(name)
        if value in (None, ""):
            cleaned.pop(name, None)
        elif not (isinstance(value, str) and _HEADER_NAME.match(value)):
            raise _invalid("settings", f"{name} must be a header name.")
    return cleaned


def _sender_settings_clean(provider_name: str, settings: dict[str, Any]) -> dict[str, Any]:
    """A sender's own text settings (Meta's verify_token); nothing else is stored."""
    sender = SENDERS.get(provider_name)
    allowed = sender.settings_fields if sender is not None else ()
    if not allowed:
        if settings:
            raise _invalid("settings", f"{provider_name} providers take no settings.")
        return {}
    unknown = sorted(set(settings) - set(allowed))
    if unknown:
        raise _invalid("settings", f"Unknown settings: {', '.join(unknown)}.")
    cleaned = {}
    for name, value in settings.items():
        if value in (None, ""):
            continue
        if not (isinstance(value, str) and _SETTING_TEXT.match(value)):
            raise _invalid("settings", f"{name} must be 1-200 printable ASCII characters.")
        cleaned[name] = value
    return cleaned


def provider_secret_check(
    *, provider_name: str, signing_secret: str, required: bool = True
) -> None:
    """Refuse a secret the scheme could never verify with (or one where none belongs).

    Not `required` (creating a provider): a signed sender's provider may start without one,
    as Stripe shows the secret only once the endpoint exists; it captures until it has one."""
    sender = SENDERS[provider_name]
    if not sender.needs_secret:
        if signing_secret:
            raise _invalid("signing_secret", "Providers without signatures take no secret.")
        return
    if not signing_secret:
        if not required:
            return
        raise _invalid("signing_secret", "This signature scheme needs a signing secret.")
    if len(signing_secret) > MAX_SECRET_LENGTH:
        raise _invalid("signing_secret", f"At most {MAX_SECRET_LENGTH} characters.")
    key = getattr(sender.recipe, "key", "utf8")
    if key != "utf8":
        try:
            secret_key(signing_secret, key)
        except SignatureError:
            written = {"whsec_base64": "base64, optionally after whsec_", "base64": "base64"}
            raise _invalid(
                "signing_secret", f"{sender.label} secrets are {written.get(key, key)}."
            ) from None
