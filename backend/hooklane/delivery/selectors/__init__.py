"""Every read of the delivery app, by topic; import selectors from here."""

from .attempts import destination_attempts, log_attempts
from .destinations import LISTENS, destination_get, destinations_for_log
from .expressions import log_for_expressions
from .replay import (
    REPLAYABLE_LOG_STATUSES,
    after_cursor,
    filters_from_json,
    filters_to_json,
    replay_log_queryset,
)

__all__ = [
    "LISTENS",
    "REPLAYABLE_LOG_STATUSES",
    "after_cursor",
    "destination_attempts",
    "destination_get",
    "destinations_for_log",
    "filters_from_json",
    "filters_to_json",
    "log_attempts",
    "log_for_expressions",
    "replay_log_queryset",
]
