"""Every write of the delivery app, by topic; import services from here."""

from .attempts import delivery_attempt
from .channels import (
    channel_create,
    channel_create_default,
    channel_delete,
    channel_send_issue,
    channel_test,
    channel_update,
    issue_notify,
)
from .destinations import (
    destination_create,
    destination_delete_batch,
    destination_delete_begin,
    destination_pause,
    destination_resume,
    destination_rotate_secret,
    destination_update,
)
from .dispatch import deliveries_dispatch_due
from .flow import circuit_reset, deliveries_key_missing
from .issues import issue_acknowledge, issue_record_attempt, issue_resolve, issues_resolve_delivered
from .jobs import (
    destination_delete_start,
    job_cancel,
    job_run,
    job_run_batch,
    provider_delete_start,
    provider_resume_start,
)
from .listen import listen_attempt_record, listen_session_create, listen_session_touch
from .replay import log_bulk_replay_count, log_replay, replay_job_create
from .retention import logs_prune_expired
from .routing import log_refresh_status, log_route

__all__ = [
    "circuit_reset",
    "deliveries_key_missing",
    "channel_create",
    "channel_create_default",
    "channel_delete",
    "channel_send_issue",
    "channel_test",
    "channel_update",
    "issue_acknowledge",
    "issue_notify",
    "issue_record_attempt",
    "issue_resolve",
    "issues_resolve_delivered",
    "deliveries_dispatch_due",
    "delivery_attempt",
    "destination_create",
    "destination_delete_batch",
    "destination_delete_begin",
    "destination_delete_start",
    "destination_pause",
    "destination_resume",
    "destination_rotate_secret",
    "destination_update",
    "listen_attempt_record",
    "listen_session_create",
    "listen_session_touch",
    "log_bulk_replay_count",
    "log_refresh_status",
    "log_replay",
    "log_route",
    "logs_prune_expired",
    "job_cancel",
    "job_run",
    "job_run_batch",
    "provider_delete_start",
    "provider_resume_start",
    "replay_job_create",
]
