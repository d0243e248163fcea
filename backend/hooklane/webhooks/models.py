"""Webhooks models, one per file under db_models/ (the seed's Option A)."""

from .db_models.log_hourly_count_model import LogHourlyCount
from .db_models.log_hourly_event_type_count_model import LogHourlyEventTypeCount
from .db_models.sweep_cursor_model import SweepCursor
from .db_models.webhook_log_model import WebhookLog
from .db_models.webhook_log_search_model import WebhookLogSearch
from .db_models.webhook_provider_model import WebhookProvider

__all__ = [
    "LogHourlyCount",
    "LogHourlyEventTypeCount",
    "SweepCursor",
    "WebhookLog",
    "WebhookLogSearch",
    "WebhookProvider",
]
