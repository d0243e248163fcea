"""Replaying one log, and bulk replay jobs with a dry-run count, progress and cancel."""

import json
import tracemalloc
from datetime import timedelta

import pytest
from django.utils import timezone

from hooklane.accounts.models import AuditEvent
from hooklane.delivery.models import Delivery, ReplayJob
from hooklane.delivery.selectors import filters_from_json, filters_to_json
from hooklane.delivery.services import (
    job_run,
    job_run_batch,
    log_route,
    replay_job_create,
)
from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.selectors import LogFilters

from .helpers import (
    make_destination,
    make_log,
    make_provider,
    receiver_url,
    wait_for_log,
    wait_until,
)

URL = "http://127.0.0.1:9100/hook"
Status = Delivery.Status


@pytest.fixture(autouse=True)
def _private_destinations_allowed(settings):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True


def replay(client, log, **body):
    return client.post(f"/api/v1/logs/{log.id}/replay/", body, format="json")


@pytest.mark.django_db(transaction=True)
def test_a_replay_is_a_new_cycle_of_attempts_under_the_same_webhook_id(
    celery_worker, httpserver, admin_a, api_client_for
):
    httpserver.expect_request("/hook").respond_with_data("ok")
    organization = admin_a.organization
    make_destination(organization, receiver_url(httpserver))
    log = make_log(make_provider(organization))
    log_route(log_id=log.id)
    wait_for_log(log, status=WebhookLog.Status.DELIVERED)

    response = replay(api_client_for(admin_a), log)

    assert response.status_code == 202 and response.json() == {"deliveries": 1}
    wait_until(
        lambda: Delivery.objects.filter(log=log, cycle=2, status=Status.SUCCEEDED).exists(),
        what="the replay to be delivered",
    )
    wait_for_log(log, status=WebhookLog.Status.DELIVERED)
    delivery = Delivery.objects.get(log=log)
    attempts = delivery.attempts.order_by("attempt_number")
    assert [(a.attempt_number, a.cycle, a.outcome) for a in attempts] == [
        (1, 1, "succeeded"),
        (2, 2, "succeeded"),
    ]
    assert [req.headers["webhook-id"] for req, _ in httpserver.log] == [delivery.webhook_id] * 2
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOG_REPLAY)
    assert event.target_id == str(log.id) and event.metadata["deliveries"] == 1


@pytest.mark.django_db
def test_a_replay_can_name_one_destination(
    admin_a, api_client_for, django_capture_on_commit_callbacks
):
    organization = admin_a.organization
    first = make_destination(organization, URL, name="first")
    second = make_destination(organization, URL, name="second")
    log = make_log(make_provider(organization), status=WebhookLog.Status.FAILED)
    Delivery.objects.create(
        organization=organization, log=log, destination=first, status=Status.FAILED
    )
    Delivery.objects.create(
        organization=organization, log=log, destination=second, status=Status.FAILED
    )

    with django_capture_on_commit_callbacks() as callbacks:
        response = replay(api_client_for(admin_a), log, destination_id=str(second.id))

    assert response.status_code == 202 and response.json() == {"deliveries": 1}
    assert len(callbacks) == 1
    assert Delivery.objects.get(log=log, destination=first).status == Status.FAILED
    again = Delivery.objects.get(log=log, destination=second)
    assert (again.status, again.cycle, again.cycle_attempts) == (Status.PENDING, 2, 0)
    log.refresh_from_db()
    assert log.status == WebhookLog.Status.PROCESSING


@pytest.mark.django_db
def test_replay_is_for_admins_of_the_logs_organization(
    admin_a, member_a, admin_b, api_key_for, api_client_for
):
    log = make_log(make_provider(admin_a.organization))
    theirs = make_destination(admin_b.organization, URL)

    assert replay(api_client_for(member_a), log).status_code == 403
    assert replay(api_client_for(api_key_for(admin_a, scope="read")), log).status_code == 403
    assert replay(api_client_for(admin_b), log).status_code == 404
    response = replay(api_client_for(admin_a), log, destination_id=str(theirs.id))
    assert response.status_code == 400
    assert response.json()["fields"]["destination_id"] == ["Unknown destination."]
    assert not Delivery.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOG_REPLAY).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["rejected", "duplicate", "received"])
def test_webhooks_that_were_never_routed_cannot_be_replayed(admin_a, api_client_for, status):
    make_destination(admin_a.organization, URL)
    log = make_log(make_provider(admin_a.organization), status=status)

    response = replay(api_client_for(admin_a), log)

    assert response.status_code == 409
    assert not Delivery.objects.exists()


def bulk(client, **body):
    return client.post("/api/v1/logs/bulk-replay/", body, format="json")


@pytest.fixture
def history(admin_a, admin_b):
    """Logs of organization A over three days, plus some that are never replayed."""
    organization = admin_a.organization
    stripe, github = make_provider(organization, "stripe"), make_provider(organization, "github")
    now = timezone.now()
    logs = {
        "failed_invoice": make_log(
            stripe, event_type="invoice.paid", status="failed", received_at=now
        ),
        "old_invoice": make_log(
            stripe,
            event_type="invoice.voided",
            status="delivered",
            received_at=now - timedelta(days=3),
        ),
        "customer": make_log(stripe, event_type="customer.created", status="delivered"),
        "push": make_log(github, event_type="push", status="processed"),
        "rejected": make_log(stripe, event_type="invoice.paid", status="rejected"),
        "duplicate": make_log(stripe, event_type="invoice.paid", status="duplicate"),
    }
    make_log(make_provider(admin_b.organization), event_type="invoice.paid", status="failed")
    return {"stripe": stripe, "github": github, "logs": logs, "now": now}


@pytest.mark.django_db
def test_a_dry_run_counts_what_the_filters_match(admin_a, api_client_for, history):
    client = api_client_for(admin_a)
    day_ago = (history["now"] - timedelta(days=1)).isoformat()

    def count(**filters):
        response = bulk(client, dry_run=True, **filters)
        assert response.status_code == 200, response.json()
        return response.json()["count"]

    assert count() == 4
    assert count(provider=[str(history["stripe"].id)]) == 3
    assert count(status=["failed"]) == 1
    assert count(event_type="invoice.*") == 2
    assert count(event_type="push") == 1
    assert count(received_after=day_ago) == 3
    assert count(received_before=day_ago, event_type="invoice.*") == 1
    assert count(status=["rejected"]) == 0
    assert not ReplayJob.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOG_BULK_REPLAY).exists()


@pytest.mark.django_db
def test_bulk_replay_is_for_admins(member_a, admin_a, api_key_for, api_client_for, history):
    assert bulk(api_client_for(member_a), dry_run=True).status_code == 403
    assert bulk(api_client_for(api_key_for(admin_a, scope="read")), dry_run=True).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_bulk_replay_job_runs_to_the_end_with_progress(
    celery_worker, httpserver, admin_a, api_client_for
):
    httpserver.expect_request("/hook").respond_with_data("ok")
    organization = admin_a.organization
    destination = make_destination(organization, receiver_url(httpserver))
    provider = make_provider(organization)
    logs = [make_log(provider, status="delivered") for _ in range(5)]
    make_log(provider, event_type="customer.created", status="delivered")
    client = api_client_for(admin_a)

    response = bulk(client, event_type="invoice.*")

    assert response.status_code == 202
    job = response.json()
    assert (job["status"], job["total"], job["done"]) == ("queued", 5, 0)

    def finished():
        body = client.get(f"/api/v1/jobs/{job['id']}/").json()
        return body if body["status"] == "done" else None

    body = wait_until(finished, what="the job to finish")
    assert (body["done"], body["total"], body["replayed"]) == (5, 5, 5)
    for log in logs:
        wait_for_log(log, status=WebhookLog.Status.DELIVERED)
    assert len(httpserver.log) == 5
    assert set(Delivery.objects.values_list("destination_id", flat=True)) == {destination.id}
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOG_BULK_REPLAY)
    assert event.metadata["total"] == 5 and event.metadata["filters"]["event_type"] == "invoice.*"


@pytest.mark.django_db
def test_a_job_advances_batch_by_batch(admin_a):
    organization = admin_a.organization
    make_destination(organization, URL)
    provider = make_provider(organization)
    start = timezone.now() - timedelta(hours=1)
    for n in range(25):
        make_log(provider, status="delivered", received_at=start + timedelta(seconds=n))
    job = replay_job_create(organization=organization, filters=LogFilters(), created_by=admin_a)

    progress = []
    while job_run_batch(job_id=job.id, batch_size=10):
        job.refresh_from_db()
        progress.append((job.status, job.done))
    job.refresh_from_db()

    assert progress == [("running", 10), ("running", 20)]
    assert (job.status, job.done, job.total, job.replayed) == ("done", 25, 25, 25)
    assert Delivery.objects.filter(status=Status.PENDING).count() == 25
    # Run again (a redelivered task): the cursor is past every log; nothing is sent twice.
    assert job_run_batch(job_id=job.id, batch_size=10) is False
    assert Delivery.objects.filter(cycle=1).count() == 25


@pytest.mark.django_db
def test_a_job_can_be_cancelled_and_then_replays_nothing_more(
    admin_a, member_a, admin_b, api_client_for
):
    organization = admin_a.organization
    make_destination(organization, URL)
    provider = make_provider(organization)
    for _ in range(3):
        make_log(provider, status="delivered")
    job = replay_job_create(organization=organization, filters=LogFilters(), created_by=admin_a)
    cancel = f"/api/v1/jobs/{job.id}/cancel/"

    assert api_client_for(member_a).post(cancel).status_code == 403
    assert api_client_for(admin_b).post(cancel).status_code == 404
    assert api_client_for(admin_b).get(f"/api/v1/jobs/{job.id}/").status_code == 404
    response = api_client_for(admin_a).post(cancel)

    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert job_run_batch(job_id=job.id) is False
    job.refresh_from_db()
    assert (job.status, job.done) == ("cancelled", 0)
    assert not Delivery.objects.exists()
    assert api_client_for(admin_a).post(cancel).status_code == 409
    assert api_client_for(member_a).get("/api/v1/jobs/").json()["results"][0]["id"] == str(job.id)


@pytest.mark.django_db
def test_a_job_for_a_deleted_destination_stops(admin_a):
    organization = admin_a.organization
    destination = make_destination(organization, URL)
    make_log(make_provider(organization), status="delivered")
    job = replay_job_create(
        organization=organization, filters=LogFilters(), destination=destination
    )
    destination.delete()

    assert job_run_batch(job_id=job.id) is False

    job.refresh_from_db()
    assert job.status == "failed" and "deleted" in job.error
    assert not Delivery.objects.exists()


def test_a_jobs_stored_filters_read_back_the_same():
    filters = LogFilters(
        statuses=["failed"],
        event_type="invoice.*",
        received_before=timezone.now(),
        has_failed_attempts=False,
    )
    assert filters_from_json(filters_to_json(filters)) == filters


@pytest.mark.django_db
def test_a_bulk_replay_of_large_logs_runs_in_memory_bounded_by_the_batch_not_the_bodies(
    settings, admin_a
):
    settings.REPLAY_BATCH_SIZE = 50
    organization = admin_a.organization
    make_destination(organization, URL)
    provider = make_provider(organization)
    # 60 logs of 512 KiB JSON (parsed payload included): 30 MiB of bodies, 25 MiB a batch.
    body = json.dumps({"type": "invoice.paid", "blob": "x" * (512 * 1024)}).encode()
    for _ in range(60):
        make_log(provider, status="delivered", body=body, payload=json.loads(body))
    job = replay_job_create(organization=organization, filters=LogFilters(), created_by=admin_a)

    tracemalloc.start()
    try:
        while job_run(job_id=job.id):
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    job.refresh_from_db()
    assert (job.status, job.done, job.replayed) == ("done", 60, 60)
    # Loading one batch's bodies alone would take 25 MiB (twice that with payloads).
    assert peak < 4 * 1024 * 1024, f"replay peaked at {peak / 2**20:.1f} MiB"
