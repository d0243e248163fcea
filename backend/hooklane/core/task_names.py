"""Names of every task that code publishes (`core.broker.enqueue`): the seam is a name.

The owning app registers each task under its name (`@shared_task(name=...)`); publishers,
in the same app or another, import only this module, so ingest hands a webhook to delivery
without importing it, and services never import tasks. Tasks only beat runs are named in
CELERY_BEAT_SCHEDULE instead."""

# delivery routes a stored webhook; ingest and its requeue sweep (webhooks) publish it.
PROCESS_WEBHOOK = "hooklane.delivery.tasks.process_webhook"
DELIVER_WEBHOOK = "hooklane.delivery.tasks.deliver_webhook"
RUN_REPLAY_JOB = "hooklane.delivery.tasks.run_replay_job"
# webhooks verifies, in batches, what a provider captured before it had a secret.
VERIFY_AWAITING_LOGS = "hooklane.webhooks.tasks.verify_awaiting_logs"
# delivery tells notification channels about issues (services/issues.py, channels.py).
NOTIFY_ISSUE = "hooklane.delivery.tasks.notify_issue"
SEND_CHANNEL_MESSAGE = "hooklane.delivery.tasks.send_channel_message"
SEND_LOGIN_EMAIL = "hooklane.accounts.tasks.send_login_email"
SEND_INVITATION_EMAIL = "hooklane.accounts.tasks.send_invitation_email"
# webhooks confirms an AWS SNS subscription after ingest answered its probe.
CONFIRM_SUBSCRIPTION = "hooklane.webhooks.tasks.confirm_subscription"
