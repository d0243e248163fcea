"""Every write of the webhooks app, by topic; import services from here."""

from .handshakes import subscription_confirm
from .logs import (
    IngestResult,
    ProviderGone,
    log_handshake,
    log_ingest,
    log_reject,
    logs_release_held,
    logs_requeue_stuck,
)
from .providers import (
    provider_create,
    provider_delete_batch,
    provider_delete_begin,
    provider_resume,
    provider_rotate_secret,
    provider_secret_capture,
    provider_update,
)
from .quotas import ingest_quota_check, stored_bytes_refresh
from .verification import (
    ReverifyResult,
    log_reverify,
)

__all__ = [
    "subscription_confirm",
    "IngestResult",
    "ProviderGone",
    "ReverifyResult",
    "ingest_quota_check",
    "log_handshake",
    "log_ingest",
    "log_reject",
    "log_reverify",
    "logs_release_held",
    "logs_requeue_stuck",
    "provider_create",
    "provider_delete_batch",
    "provider_delete_begin",
    "provider_resume",
    "provider_rotate_secret",
    "provider_secret_capture",
    "provider_update",
    "stored_bytes_refresh",
]
