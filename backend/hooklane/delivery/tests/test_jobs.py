"""Provider resume, provider delete and destination delete run as background jobs: the
request answers 202 with a job, the work goes in bounded batches with progress, a job run
again picks up where it stopped, and another organization sees and loses nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hooklane.delivery.models import Delivery, DeliveryAttempt, Destination, ReplayJob
from hooklane.delivery.services import job_run, job_run_batch, log_route
from hooklane.webhooks.models import WebhookLog, WebhookProvider

from .helpers import make_destination, make_log, make_provider, wait_until

URL = "http://127.0.0.1:9100/hook"
Status = Delivery.Status


@pytest.fixture(autouse=True)
def _private_destinations_allowed(settings):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True


def logs_of(provider, count: int, **fields) -> list[WebhookLog]:
    start = timezone.now() - timedelta(hours=1)
    return [
        make_log(provider, received_at=start + timedelta(seconds=n), **fields) for n in range(count)
    ]


def with_history(log, destination, status=Status.SUCCEEDED) -> Delivery:
    delivery = Delivery.objects.create(
        organization=log.organization, log=log, destination=destination, status=status
    )
    DeliveryAttempt.objects.create(
        delivery=delivery, log=log, destination=destination, attempt_number=1, outcome="http_error"
    )
    return delivery


def progress_of(job_id, batch_size: int) -> list[tuple[str, int]]:
    seen = []
    while job_run_batch(job_id=job_id, batch_size=batch_size):
        job = ReplayJob.objects.get(pk=job_id)
        seen.append((job.status, job.done))
    return seen


@pytest.mark.django_db
def test_a_provider_delete_is_a_job_that_deletes_its_logs_in_batches(
    client, api_client_for, admin_a, admin_b, member_a
):
    provider = make_provider(admin_a.organization)
    destination = make_destination(admin_a.organization, URL)
    logs = logs_of(provider, 25, status="delivered")
    with_history(logs[0], destination)
    provider_b = make_provider(admin_b.organization)
    logs_b = logs_of(provider_b, 3, status="delivered")
    path = f"/api/v1/providers/{provider.id}/"

    assert api_client_for(member_a).delete(path).status_code == 403
    assert api_client_for(admin_b).delete(path).status_code == 404
    response = api_client_for(admin_a).delete(path)

    assert response.status_code == 202
    job = response.json()
    assert (job["kind"], job["status"], job["total"], job["target_name"]) == (
        "provider_delete",
        "queued",
        25,
        provider.display_name,
    )
    # Out of service at once: ingest refuses it and destinations cannot name it.
    ingest = client.post(f"/in/{provider.ingest_key}", b"{}", content_type="application/json")
    assert ingest.status_code == 404
    assert api_client_for(admin_b).get(f"/api/v1/jobs/{job['id']}/").status_code == 404
    assert api_client_for(admin_b).get("/api/v1/jobs/").json()["results"] == []

    assert progress_of(job["id"], batch_size=10) == [
        ("running", 10),
        ("running", 20),
        ("running", 25),
    ]

    body = api_client_for(member_a).get(f"/api/v1/jobs/{job['id']}/").json()
    assert (body["status"], body["done"], body["total"]) == ("done", 25, 25)
    assert not WebhookProvider.objects.filter(pk=provider.pk).exists()
    assert not WebhookLog.objects.filter(provider_id=provider.pk).exists()
    assert not Delivery.objects.exists() and not DeliveryAttempt.objects.exists()
    assert set(WebhookLog.objects.values_list("id", flat=True)) == {log.id for log in logs_b}
    assert WebhookProvider.objects.filter(pk=provider_b.pk, is_active=True).exists()


@pytest.mark.django_db
def test_a_provider_resume_is_a_job_that_releases_its_held_logs_in_batches(
    api_client_for, admin_a, admin_b, member_a
):
    provider = make_provider(admin_a.organization, is_active=False)
    held = logs_of(provider, 25, status="held")
    provider_b = make_provider(admin_b.organization, is_active=False)
    held_b = logs_of(provider_b, 3, status="held")
    path = f"/api/v1/providers/{provider.id}/resume/"

    assert api_client_for(member_a).post(path).status_code == 403
    assert api_client_for(admin_b).post(path).status_code == 404
    response = api_client_for(admin_a).post(path)

    assert response.status_code == 202
    job = response.json()
    assert (job["kind"], job["target_id"], job["total"]) == (
        "provider_resume",
        str(provider.id),
        25,
    )
    provider.refresh_from_db()
    assert provider.is_active
    assert api_client_for(admin_a).post(path).status_code == 409
    # A resume cannot be cancelled: it has already taken effect.
    assert api_client_for(admin_a).post(f"/api/v1/jobs/{job['id']}/cancel/").status_code == 409

    assert progress_of(job["id"], batch_size=10) == [("running", 10), ("running", 20)]

    job = ReplayJob.objects.get(pk=job["id"])
    assert (job.status, job.done) == ("done", 25)
    assert set(
        WebhookLog.objects.filter(id__in=[log.id for log in held]).values_list("status", flat=True)
    ) == {"received"}
    assert set(
        WebhookLog.objects.filter(id__in=[log.id for log in held_b]).values_list(
            "status", flat=True
        )
    ) == {"held"}
    provider_b.refresh_from_db()
    assert provider_b.is_active is False


@pytest.mark.django_db
def test_a_resume_job_stops_when_the_provider_is_paused_again(api_client_for, admin_a):
    provider = make_provider(admin_a.organization, is_active=False)
    logs_of(provider, 15, status="held")
    job_id = api_client_for(admin_a).post(f"/api/v1/providers/{provider.id}/resume/").json()["id"]
    assert job_run_batch(job_id=job_id, batch_size=10) is True

    api_client_for(admin_a).patch(
        f"/api/v1/providers/{provider.id}/", {"is_active": False}, format="json"
    )

    assert job_run_batch(job_id=job_id, batch_size=10) is False
    assert ReplayJob.objects.get(pk=job_id).done == 10
    assert WebhookLog.objects.filter(provider=provider, status="held").count() == 5


@pytest.mark.django_db
def test_a_destination_delete_is_a_job_that_cancels_and_detaches_in_batches(
    api_client_for, admin_a, admin_b, member_a
):
    organization = admin_a.organization
    destination = make_destination(organization, URL, is_active=False)
    provider = make_provider(organization)
    open_logs = logs_of(provider, 12)
    for log in open_logs:
        log_route(log_id=log.id)  # a paused destination: held deliveries
    finished = logs_of(provider, 3, status="delivered")
    for log in finished:
        with_history(log, destination)
    destination_b = make_destination(admin_b.organization, URL, is_active=False)
    log_b = make_log(make_provider(admin_b.organization))
    log_route(log_id=log_b.id)
    path = f"/api/v1/destinations/{destination.id}/"

    assert api_client_for(member_a).delete(path).status_code == 403
    assert api_client_for(admin_b).delete(path).status_code == 404
    response = api_client_for(admin_a).delete(path)

    assert response.status_code == 202
    job = response.json()
    # 15 deliveries and 3 attempts to detach.
    assert (job["kind"], job["total"]) == ("destination_delete", 18)
    assert api_client_for(admin_a).get(path).status_code == 404
    # Routing passes a destination being deleted by.
    late = make_log(provider)
    log_route(log_id=late.id)
    assert not Delivery.objects.filter(log=late).exists()

    assert progress_of(job["id"], batch_size=10) == [
        ("running", 10),
        ("running", 15),
        ("running", 18),
    ]

    job = ReplayJob.objects.get(pk=job["id"])
    assert (job.status, job.done, job.total) == ("done", 18, 18)
    assert not Destination.objects.filter(pk=destination.pk).exists()
    mine = Delivery.objects.filter(organization=organization)
    assert set(mine.filter(log__in=open_logs).values_list("status", flat=True)) == {"cancelled"}
    assert set(mine.filter(log__in=finished).values_list("status", flat=True)) == {"succeeded"}
    assert not mine.filter(destination__isnull=False).exists()
    assert DeliveryAttempt.objects.filter(log__in=finished, destination__isnull=True).count() == 3
    assert {log.status for log in WebhookLog.objects.filter(id__in=[n.id for n in open_logs])} == {
        "processed"
    }
    delivery_b = Delivery.objects.get(log=log_b)
    assert (delivery_b.destination_id, delivery_b.status) == (destination_b.id, "held")


@pytest.mark.django_db
def test_a_job_run_again_after_its_worker_died_picks_up_where_it_stopped(admin_a):
    """Late acknowledgement hands a task whose worker died to another worker: that run
    starts from the last committed batch, and does none twice."""
    from hooklane.delivery.services import provider_delete_start

    provider = make_provider(admin_a.organization)
    logs_of(provider, 25, status="delivered")
    job = provider_delete_start(provider=provider, created_by=admin_a)
    assert job_run_batch(job_id=job.id, batch_size=10) is True  # then the worker died

    assert job_run(job_id=job.id) is False  # the redelivered task

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 25, 25)
    assert not WebhookProvider.objects.filter(pk=provider.pk).exists()
    assert job_run(job_id=job.id) is False  # and once more: nothing left to do
    job.refresh_from_db()
    assert job.done == 25


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_delete_job_on_the_maintenance_queue_to_the_end(
    celery_worker, api_client_for, admin_a, settings
):
    from celery import current_app

    from hooklane.core import task_names

    assert current_app.amqp.router.route({}, task_names.RUN_REPLAY_JOB)["queue"].name == "default"
    provider = make_provider(admin_a.organization)
    logs_of(provider, 30, status="delivered")
    client = api_client_for(admin_a)

    job = client.delete(f"/api/v1/providers/{provider.id}/").json()

    def finished():
        body = client.get(f"/api/v1/jobs/{job['id']}/").json()
        return body if body["status"] == "done" else None

    body = wait_until(finished, what="the delete job to finish")
    assert (body["done"], body["total"]) == (30, 30)
    assert not WebhookProvider.objects.filter(pk=provider.pk).exists()
    assert not WebhookLog.objects.exists()
