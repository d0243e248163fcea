"""Every write of the webhooks app, by topic; import services from here."""

from .handshakes import subscription_confirm
from .logs import (
    IngestResult,
    ProviderGone,
    log_capture,
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
from .rollup import log_rollup_advance
from .search import logs_index_search, logs_index_search_sweep
from .verification import (
    AWAITING_BATCH_SIZE,
    ReverifyResult,
    log_reverify,
    logs_verify_awaiting,
    providers_with_forgotten_awaiting_logs,
)

__all__ = [
    "AWAITING_BATCH_SIZE",
    "subscription_confirm",
    "IngestResult",
    "ProviderGone",
    "ReverifyResult",
    "ingest_quota_check",
    "log_capture",
    "log_handshake",
    "log_ingest",
    "log_reject",
    "log_reverify",
    "log_rollup_advance",
    "logs_index_search",
    "logs_index_search_sweep",
    "logs_release_held",
    "logs_requeue_stuck",
    "logs_verify_awaiting",
    "provider_create",
    "provider_delete_batch",
    "provider_delete_begin",
    "provider_resume",
    "provider_rotate_secret",
    "provider_secret_capture",
    "provider_update",
    "providers_with_forgotten_awaiting_logs",
    "stored_bytes_refresh",
]
