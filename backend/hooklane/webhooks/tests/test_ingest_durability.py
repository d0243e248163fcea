"""Ingest under failure and concurrency, with committed data and the real Celery worker."""

import threading
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from hooklane.webhooks.cache import ingest_provider_forget
from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.tasks import requeue_stuck_logs
from scripts.stack import free_port

from .senders import broker_at, github_event, make_provider, post, stripe_event

committed = pytest.mark.django_db(transaction=True)
# Tests that do not wait for the worker use paused providers: their logs are held, not
# queued, so no worker writes while the test database is being flushed.


def wait_for_status(log_id, status: str, timeout: float = 30) -> WebhookLog:
    deadline = time.monotonic() + timeout
    while True:
        log = WebhookLog.objects.get(id=log_id)
        if log.status == status or time.monotonic() > deadline:
            return log
        time.sleep(0.1)


@contextmanager
def database_down():
    """A closed loopback port stands in for a stopped PostgreSQL."""
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = str(free_port())
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(original)


@committed
def test_a_webhook_is_processed_by_the_worker(client, org_a, celery_worker):
    provider = make_provider(org_a, "stripe")

    response = post(client, provider, stripe_event(event_id="evt_worker"))

    assert response.status_code == 200
    log = wait_for_status(response.json()["id"], "processed")
    assert log.status == "processed"
    assert log.processed_at is not None


@committed
def test_concurrent_copies_of_one_event_make_one_row(org_a):
    provider = make_provider(org_a, "stripe", is_active=False)
    sent = stripe_event(event_id="evt_race")
    copies = 8
    barrier = threading.Barrier(copies)
    answers: list[dict] = []

    def send() -> None:
        try:
            barrier.wait(timeout=10)
            response = post(Client(), provider, sent)
            answers.append({"status_code": response.status_code, **response.json()})
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(answers) == copies
    assert {answer["status_code"] for answer in answers} == {200}
    assert sorted(answer["duplicate"] for answer in answers) == [False] + [True] * (copies - 1)
    assert len({answer["id"] for answer in answers}) == 1
    assert WebhookLog.objects.filter(provider=provider).count() == 1


@committed
def test_broker_down_still_answers_200_and_the_sweep_processes_it_later(
    client, org_a, celery_worker
):
    provider = make_provider(org_a, "stripe")

    with broker_at(f"redis://127.0.0.1:{free_port()}/0"):
        response = post(client, provider, stripe_event(event_id="evt_no_broker"))

    assert response.status_code == 200
    log_id = response.json()["id"]
    assert WebhookLog.objects.get(id=log_id).status == "received"
    # A minute passes with the log stuck; then beat's sweep runs on the worker.
    WebhookLog.objects.filter(id=log_id).update(updated_at=timezone.now() - timedelta(minutes=2))
    requeue_stuck_logs.delay()

    assert wait_for_status(log_id, "processed").status == "processed"


@committed
def test_database_down_answers_503_with_retry_after(client, org_a):
    provider = make_provider(org_a, "github", is_active=False)
    assert post(client, provider, github_event(delivery="warm")).status_code == 200

    # The provider is cached, so this fails at the insert; the next one at the lookup.
    with database_down():
        at_insert = post(client, provider, github_event(delivery="d-1"))
        ingest_provider_forget(ingest_key=provider.ingest_key)
        at_lookup = post(client, provider, github_event(delivery="d-2"))

    for response in (at_insert, at_lookup):
        assert response.status_code == 503
        assert int(response["Retry-After"]) > 0
        assert response.json()["error"] == "unavailable"
    assert not WebhookLog.objects.filter(external_id__in=["d-1", "d-2"]).exists()


@committed
def test_a_paused_providers_logs_wait_until_it_is_resumed(
    client, api_client_for, admin_a, celery_worker
):
    provider = make_provider(admin_a.organization, "github", is_active=False)
    held = [
        post(client, provider, github_event(delivery=f"held-{n}")).json()["id"] for n in range(3)
    ]
    assert set(WebhookLog.objects.values_list("status", flat=True)) == {"held"}

    response = api_client_for(admin_a).post(f"/api/v1/providers/{provider.id}/resume/")

    assert response.status_code == 202 and response.json()["total"] == 3
    assert [wait_for_status(log_id, "processed").status for log_id in held] == ["processed"] * 3
