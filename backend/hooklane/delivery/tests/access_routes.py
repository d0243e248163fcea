"""The delivery endpoints in the access matrix (hooklane/accounts/tests/access.py)."""

from django.utils import timezone

from hooklane.accounts.tests.access import Endpoint, World
from hooklane.delivery.models import Issue, NotificationChannel, ReplayJob
from hooklane.delivery.services import channel_create, destination_create, listen_session_create
from hooklane.webhooks.models import WebhookLog, WebhookProvider

# Loopback (this test run's only reachable address); the matrix runs with private
# destinations allowed, as development does.
URL = "http://127.0.0.1:9/hook"


def _destination(world: World) -> dict:
    destination = destination_create(organization=world.org_a, name="matrix", url=URL)
    return {"pk": destination.pk}


def _log(world: World) -> dict:
    provider = WebhookProvider.objects.create(
        organization=world.org_a, provider_name="none", display_name="matrix"
    )
    log = WebhookLog.objects.create(
        organization=world.org_a,
        provider=provider,
        status=WebhookLog.Status.PROCESSED,
        body=b"{}",
    )
    return {"pk": log.pk}


def _job(world: World) -> dict:
    job = ReplayJob.objects.create(organization=world.org_a, created_by=world.admin_a)
    return {"pk": job.pk}


def _issue(world: World) -> dict:
    destination = destination_create(organization=world.org_a, name="matrix", url=URL)
    now = timezone.now()
    issue = Issue.objects.create(
        organization=world.org_a,
        destination=destination,
        kind=Issue.Kind.TIMEOUT,
        first_seen_at=now,
        last_seen_at=now,
    )
    return {"pk": issue.pk}


def _channel(world: World) -> dict:
    channel = channel_create(organization=world.org_a, name="matrix", type="webhook", url=URL)
    return {"pk": channel.pk}


def _email_channel(world: World) -> dict:
    channel = NotificationChannel.objects.filter(organization=world.org_a, type="email").first()
    return {"pk": channel.pk}


def _listen_session(world: World) -> dict:
    # The log the report names is made here, with the session, before the matrix takes its
    # snapshot of organization A (the body is built after it).
    world.listen_log_id = str(_log(world)["pk"])
    return {"pk": listen_session_create(organization=world.org_a).pk}


def _listen_report(world: World) -> dict:
    return {"log_id": world.listen_log_id, "status_code": 200}


ENDPOINTS = [
    Endpoint("destination-list", "get", "member"),
    Endpoint(
        "destination-list", "post", "admin", body=lambda w: {"name": "new", "url": URL}, ok=201
    ),
    Endpoint("destination-detail", "get", "member", kwargs=_destination),
    Endpoint(
        "destination-detail", "patch", "admin", kwargs=_destination, body=lambda w: {"name": "x"}
    ),
    Endpoint("destination-detail", "delete", "admin", kwargs=_destination, ok=202),
    Endpoint("destination-attempts", "get", "member", kwargs=_destination),
    Endpoint("destination-circuit", "get", "member", kwargs=_destination),
    Endpoint("destination-circuit", "post", "admin", kwargs=_destination),
    # Nothing is saved: members may try expressions (on a pasted request here; a stored
    # log of another organization is a 404, test_expressions_api.py).
    Endpoint(
        "destination-filter-test",
        "post",
        "member",
        body=lambda w: {"expression": "body.amount >= 1000", "body": {"amount": 1200}},
    ),
    Endpoint(
        "destination-transform-preview",
        "post",
        "member",
        body=lambda w: {"transformation": '{"body": {"n": body.amount}}', "body": {"amount": 1}},
    ),
    Endpoint("destination-pause", "post", "admin", kwargs=_destination),
    Endpoint("destination-resume", "post", "admin", kwargs=_destination),
    Endpoint("destination-rotate-secret", "post", "admin", kwargs=_destination, body=lambda w: {}),
    Endpoint("log-attempts", "get", "member", kwargs=_log),
    Endpoint("log-replay", "post", "admin", kwargs=_log, body=lambda w: {}, ok=202),
    Endpoint("log-bulk-replay", "post", "admin", body=lambda w: {"dry_run": True}),
    Endpoint("replay-job-list", "get", "member"),
    Endpoint("replay-job-detail", "get", "member", kwargs=_job),
    Endpoint("replay-job-cancel", "post", "admin", kwargs=_job),
    Endpoint("issue-list", "get", "member"),
    Endpoint("issue-detail", "get", "member", kwargs=_issue),
    Endpoint("issue-acknowledge", "post", "admin", kwargs=_issue),
    Endpoint("issue-resolve", "post", "admin", kwargs=_issue),
    Endpoint("notification-channel-list", "get", "member"),
    Endpoint(
        "notification-channel-list",
        "post",
        "admin",
        body=lambda w: {"name": "new", "type": "email", "emails": ["ops@example.com"]},
        ok=201,
    ),
    Endpoint("notification-channel-detail", "get", "member", kwargs=_channel),
    Endpoint(
        "notification-channel-detail",
        "patch",
        "admin",
        kwargs=_channel,
        body=lambda w: {"name": "x"},
    ),
    Endpoint("notification-channel-detail", "delete", "admin", kwargs=_channel, ok=204),
    Endpoint("notification-channel-test", "post", "admin", kwargs=_email_channel),
    Endpoint("listen-session-list", "post", "admin", body=lambda w: {}, ok=201),
    Endpoint("listen-session-detail", "get", "member", kwargs=_listen_session),
    Endpoint(
        "listen-session-attempts",
        "post",
        "admin",
        kwargs=_listen_session,
        body=_listen_report,
        ok=201,
    ),
    Endpoint("listen-session-touch", "post", "admin", kwargs=_listen_session),
]
