"""The provider types Hooklane can verify, read from the scheme registry: what the
provider-types API lists and the senders table in the docs (schemes/SENDERS.md) shows."""

from dataclasses import dataclass

from ..schemes import SENDERS


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
    return [
        ProviderType(
            name=sender.name,
            label=sender.label,
            family=sender.family,
            verification=sender.verification,
            docs_url=sender.docs_url,
            setup=sender.setup,
            secret_label=sender.credential_name,
            signature_headers=sender.all_signature_headers,
            signs_timestamp=sender.timestamped,
            accepts_get=sender.accepts_get,
            handshake=sender.handshake,
        )
        for sender in SENDERS.values()
    ]


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
