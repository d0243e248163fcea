"""process_webhook's state machine and the sweep that requeues stuck logs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.provider_services import provider_update
from hooklane.webhooks.services import log_process, logs_requeue_stuck
from hooklane.webhooks.tasks import process_webhook

from .senders import make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(org_a):
    return make_provider(org_a, "none")


def make_log(provider, status="received", age_seconds=0, **fields):
    log = WebhookLog.objects.create(
        organization=provider.organization, provider=provider, status=status, body=b"{}", **fields
    )
    if age_seconds:
        # updated_at is auto_now, so it is moved back with an UPDATE.
        WebhookLog.objects.filter(id=log.id).update(
            updated_at=timezone.now() - timedelta(seconds=age_seconds)
        )
    return log


def status_of(log) -> str:
    return WebhookLog.objects.values_list("status", flat=True).get(id=log.id)


def test_it_processes_a_received_log(provider):
    log = make_log(provider)

    process_webhook(str(log.id))

    log.refresh_from_db()
    assert log.status == "processed"
    assert log.processed_at is not None


def test_a_redelivered_task_changes_nothing(provider):
    log = make_log(provider)
    process_webhook(str(log.id))
    first = WebhookLog.objects.get(id=log.id)

    process_webhook(str(log.id))

    again = WebhookLog.objects.get(id=log.id)
    assert (again.status, again.processed_at, again.updated_at) == (
        first.status,
        first.processed_at,
        first.updated_at,
    )


@pytest.mark.parametrize("status", ["held", "processing", "rejected", "duplicate", "delivered"])
def test_it_leaves_logs_that_are_not_received_alone(provider, status):
    log = make_log(provider, status=status)

    log_process(log_id=log.id)

    assert status_of(log) == status


def test_a_log_of_a_provider_paused_after_ingest_is_held(provider):
    log = make_log(provider)
    provider_update(provider=provider, is_active=False)

    log_process(log_id=log.id)

    assert status_of(log) == "held"


def test_a_deleted_log_is_ignored(provider):
    log = make_log(provider)
    log.delete()

    log_process(log_id=log.id)


def test_the_sweep_requeues_what_no_worker_moves_on(provider, settings):
    settings.INGEST_REQUEUE_AFTER_SECONDS = 60
    stuck = make_log(provider, age_seconds=120)
    fresh = make_log(provider, age_seconds=5)
    abandoned = make_log(provider, status="processing", age_seconds=3600)
    busy = make_log(provider, status="processing", age_seconds=30)
    done = make_log(provider, status="processed", age_seconds=3600)

    assert logs_requeue_stuck() == 2

    assert [status_of(log) for log in (stuck, fresh, abandoned, busy, done)] == [
        "received",
        "received",
        "received",
        "processing",
        "processed",
    ]
    # Requeued logs wait another interval before the sweep sends them again.
    assert logs_requeue_stuck() == 0


def test_the_sweep_releases_logs_held_for_a_provider_that_is_active_again(org_a):
    active = make_provider(org_a, "none")
    paused = make_provider(org_a, "none", is_active=False)
    stranded = make_log(active, status="held")
    waiting = make_log(paused, status="held")

    assert logs_requeue_stuck() == 1

    assert (status_of(stranded), status_of(waiting)) == ("received", "held")


def test_resuming_a_provider_releases_only_its_held_logs(org_a):
    paused = make_provider(org_a, "none", is_active=False)
    other = make_provider(org_a, "none", is_active=False)
    held = make_log(paused, status="held")
    untouched = make_log(other, status="held")

    provider_update(provider=paused, is_active=True)

    assert (status_of(held), status_of(untouched)) == ("received", "held")


# Committing for real, as a worker does: the failed statement rolls back on its own.
@pytest.mark.django_db(transaction=True)
def test_a_failure_while_routing_leaves_the_log_received_for_the_sweep(provider, settings):
    from django.db import DatabaseError, connection

    from hooklane.delivery.models import Delivery
    from hooklane.delivery.services import destination_create

    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    destination_create(organization=provider.organization, name="r", url="http://127.0.0.1:9/")
    log = make_log(provider)
    # The database fails the routing's insert, as when PostgreSQL goes away mid-task.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_delivery() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'connection lost while routing'; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER refuse_delivery BEFORE INSERT ON deliveries "
            "FOR EACH ROW EXECUTE FUNCTION refuse_delivery()"
        )

    with pytest.raises(DatabaseError, match="connection lost while routing"):
        log_process(log_id=log.id)

    assert status_of(log) == "received"
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER refuse_delivery ON deliveries")
    log_process(log_id=log.id)
    assert status_of(log) == "processing"
    assert Delivery.objects.filter(log=log).count() == 1


def test_beat_runs_the_requeue_sweep_every_30_seconds(settings):
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["requeue-stuck-logs"]

    assert entry["schedule"] == 30.0
    assert entry["task"] in app.tasks
    assert app.amqp.router.route({}, entry["task"])["queue"].name == "ingest"
