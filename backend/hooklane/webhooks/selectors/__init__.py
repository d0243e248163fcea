"""Every read of the webhooks app, by topic; import selectors from here."""

from .logs import LogFilters, log_filter, log_list
from .providers import provider_list
from .stats import BUCKET_SECONDS, log_stats

__all__ = ["BUCKET_SECONDS", "LogFilters", "log_filter", "log_list", "log_stats", "provider_list"]
