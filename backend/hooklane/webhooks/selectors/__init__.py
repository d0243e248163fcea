"""Every read of the webhooks app, by topic; import selectors from here."""

from .logs import LogFilters, log_filter, log_list
from .provider_types import ProviderType, provider_type_list, provider_type_names
from .providers import provider_list
from .stats import BUCKET_SECONDS, log_stats

__all__ = [
    "BUCKET_SECONDS",
    "LogFilters",
    "ProviderType",
    "log_filter",
    "log_list",
    "log_stats",
    "provider_list",
    "provider_type_list",
    "provider_type_names",
]
