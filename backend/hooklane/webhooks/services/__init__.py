"""Every write of the webhooks app, by topic; import services from here."""

from .logs import (
    IngestResult,
    ProviderGone,
    log_ingest,
    log_reject,
    logs_release_held,
    logs_requeue_stuck,
)
from .providers import provider_create, provider_delete, provider_rotate_secret, provider_update

__all__ = [
    "IngestResult",
    "ProviderGone",
    "log_ingest",
    "log_reject",
    "logs_release_held",
    "logs_requeue_stuck",
    "provider_create",
    "provider_delete",
    "provider_rotate_secret",
    "provider_update",
]
