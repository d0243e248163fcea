"""process_webhook: routing a stored webhook exactly once, whatever happens around it."""

import pytest

from hooklane.delivery.models import Delivery
from hooklane.delivery.services import log_route
from hooklane.delivery.tasks import process_webhook
from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.services import provider_update

from .helpers import make_log, make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(org_a):
    return make_provider(org_a)


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

    log_route(log_id=log.id)

    assert status_of(log) == status


def test_a_log_of_a_provider_paused_after_ingest_is_held(provider):
    log = make_log(provider)
    provider_update(provider=provider, is_active=False)

    log_route(log_id=log.id)

    assert status_of(log) == "held"


def test_a_deleted_log_is_ignored(provider):
    log = make_log(provider)
    log.delete()

    assert log_route(log_id=log.id) is None

    assert not WebhookLog.objects.filter(id=log.id).exists()
    assert not Delivery.objects.filter(log_id=log.id).exists()


# Committing for real, as a worker does: the failed statement rolls back on its own.
@pytest.mark.django_db(transaction=True)
def test_a_failure_while_routing_leaves_the_log_received_for_the_sweep(provider, settings):
    from django.db import DatabaseError, connection

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
        log_route(log_id=log.id)

    assert status_of(log) == "received"
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER refuse_delivery ON deliveries")
    log_route(log_id=log.id)
    assert status_of(log) == "processing"
    assert Delivery.objects.filter(log=log).count() == 1
