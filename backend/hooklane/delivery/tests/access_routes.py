"""The delivery endpoints in the access matrix (hooklane/accounts/tests/access.py)."""

from hooklane.accounts.tests.access import Endpoint, World
from hooklane.delivery.models import ReplayJob
from hooklane.delivery.services import destination_create
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
]
