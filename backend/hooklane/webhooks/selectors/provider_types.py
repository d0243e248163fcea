"""The provider types Hooklane can verify, read from the scheme registry: what the
provider-types API lists and the senders table in the docs (schemes/SENDERS.md) shows."""

from dataclasses import dataclass

from .. import schemes
from ..models import WebhookProvider

# What a request that passes gets as its verification state, by family.
_VERIFICATION = {"token": "authenticated", "basic_auth": "authenticated", "unsigned": "unsigned"}


@dataclass(frozen=True, slots=True)
class ProviderType:
    name: str
    label: str
    family: str
    verification: str  # "verified" | "authenticated" | "unsigned"
    docs_url: str
    setup: str
    secret_label: str
    signature_headers: tuple[str, ...]
    signs_timestamp: bool
    accepts_get: bool
    handshake: str | None


def provider_type_list() -> list[ProviderType]:
    """Every registered sender, by name."""
    found = []
    for name, label in WebhookProvider.Name.choices:
        module = schemes._MODULES[name]
        family = "unsigned" if name == "none" else "hmac"
        found.append(
            ProviderType(
                name=name,
                label=label,
                family=family,
                verification=_VERIFICATION.get(family, "verified"),
                docs_url="",
                setup="",
                secret_label="Signing secret",  # noqa: S106 - a label, not a secret
                signature_headers=tuple(module.SIGNATURE_HEADERS),
                signs_timestamp=module.SIGNS_TIMESTAMP,
                accepts_get=False,
                handshake="url_verification" if name == "slack" else None,
            )
        )
    return sorted(found, key=lambda sender: sender.name)


def provider_type_names() -> list[str]:
    return [sender.name for sender in provider_type_list()]


_TABLE_HEADER = (
    "| Provider type | Sender | Family | Verification | Handshake | Signature documentation |\n"
    "|---|---|---|---|---|---|\n"
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def senders_markdown() -> str:
    """The senders table of schemes/SENDERS.md, generated from the registry."""
    rows = []
    for sender in provider_type_list():
        docs = f"[{_cell(sender.label)}]({sender.docs_url})" if sender.docs_url else ""
        rows.append(
            f"| `{sender.name}` | {_cell(sender.label)} | {sender.family} | "
            f"{sender.verification} | {sender.handshake or ''} | {docs} |\n"
        )
    return (
        "# Senders Hooklane verifies\n\n"
        "Generated from the scheme registry (`backend/hooklane/webhooks/schemes/`) by "
        "`make senders-table`; do not edit by hand. The provider-types API "
        "(`GET /api/v1/provider-types/`) lists the same, with each sender's setup text.\n\n"
        f"{len(rows)} provider types.\n\n" + _TABLE_HEADER + "".join(rows)
    )
