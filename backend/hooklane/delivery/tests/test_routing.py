"""Which destinations a log goes to, the log status its deliveries add up to, and the
dispatcher that re-sends what no queued task will run."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hooklane.delivery.models import Delivery
from hooklane.delivery.selectors import destinations_for_log
from hooklane.delivery.services import deliveries_dispatch_due, log_refresh_status, log_route
from hooklane.webhooks.models import WebhookLog

from .helpers import make_destination, make_log, make_provider

pytestmark = pytest.mark.django_db
URL = "http://127.0.0.1:9100/hook"
Status = Delivery.Status


@pytest.fixture(autouse=True)
def _private_destinations_allowed(settings):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True


@pytest.mark.parametrize(
    ("patterns", "event_type", "matches"),
    [
        ([], "anything", True),
        ([], "", True),
        (["invoice.*"], "invoice.paid", True),
        (["invoice.*"], "invoice.payment.failed", True),
        (["invoice.*"], "invoices.paid", False),
        (["invoice.*"], "customer.invoice.paid", False),
        (["*.paid"], "invoice.paid", True),
        (["push"], "push", True),
        (["push"], "push.tag", False),
        (["push", "pull_request"], "pull_request", True),
        (["orders/*"], "orders/create", True),
        (["*"], "", True),
        (["invoice.paid"], "invoice_paid", False),
        (["a.b"], "aXb", False),
        # LIKE's own wildcards and escape character are plain characters in a pattern.
        (["a_b"], "aXb", False),
        (["a_b"], "a_b", True),
        (["a%b"], "aXYb", False),
        (["a%b"], "a%b", True),
        (["a\\b"], "a\\b", True),
        (["a\\*"], "a\\b", True),
        (["a\\*"], "ab", False),
        (["invoice.*"], "invoice.\npaid", True),
    ],
)
def test_event_type_patterns_use_star_as_the_only_wildcard(org_a, patterns, event_type, matches):
    provider = make_provider(org_a)
    destination = make_destination(org_a, URL, event_types=patterns)
    log = make_log(provider, event_type=event_type)
    expected = [destination.id] if matches else []

    # Replay's lookup and routing's statement share the condition; both are checked.
    assert [d.id for d in destinations_for_log(log=log)] == expected
    assert log_route(log_id=log.id).destinations == len(expected)
    assert list(Delivery.objects.filter(log=log).values_list("destination_id", flat=True)) == (
        expected
    )


def test_it_routes_to_destinations_of_the_provider_and_event_type(org_a, org_b):
    stripe, github = make_provider(org_a, "stripe"), make_provider(org_a, "github")
    everything = make_destination(org_a, URL, name="everything")
    stripe_only = make_destination(org_a, URL, name="stripe", provider_ids=[stripe.id])
    invoices = make_destination(org_a, URL, name="invoices", event_types=["invoice.*"])
    make_destination(org_a, URL, name="github", provider_ids=[github.id])
    make_destination(org_b, URL, name="another org")
    log = make_log(stripe, event_type="invoice.paid")

    assert log_route(log_id=log.id).destinations == 3

    routed = set(Delivery.objects.filter(log=log).values_list("destination_id", flat=True))
    assert routed == {everything.id, stripe_only.id, invoices.id}
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.PENDING}


def test_a_paused_destination_gets_a_held_delivery(org_a):
    make_destination(org_a, URL, is_active=False)
    log = make_log(make_provider(org_a))

    assert log_route(log_id=log.id).destinations == 1

    delivery = Delivery.objects.get(log=log)
    assert delivery.status == Status.HELD and delivery.next_attempt_at is None


def test_routing_twice_creates_nothing_new(org_a):
    make_destination(org_a, URL)
    log = make_log(make_provider(org_a))
    log_route(log_id=log.id)
    first = Delivery.objects.get(log=log)

    # A redelivered task finds the log claimed.
    assert log_route(log_id=log.id) is None
    # A log put back to `received` (by the sweep) gets no second delivery per destination.
    WebhookLog.objects.filter(pk=log.pk).update(status=WebhookLog.Status.RECEIVED)
    assert log_route(log_id=log.id).destinations == 1

    assert list(Delivery.objects.filter(log=log)) == [first]
    first.refresh_from_db()
    assert first.cycle == 1


def test_processing_a_log_without_destinations_ends_processed(org_a):
    log = make_log(make_provider(org_a), status=WebhookLog.Status.RECEIVED)

    log_route(log_id=log.id)

    log.refresh_from_db()
    assert log.status == WebhookLog.Status.PROCESSED and log.processed_at is not None


def test_processing_a_routed_log_keeps_it_processing(org_a, django_capture_on_commit_callbacks):
    make_destination(org_a, URL)
    log = make_log(make_provider(org_a), status=WebhookLog.Status.RECEIVED)

    with django_capture_on_commit_callbacks() as callbacks:
        log_route(log_id=log.id)

    log.refresh_from_db()
    assert log.status == WebhookLog.Status.PROCESSING and log.processed_at is None
    assert Delivery.objects.filter(log=log, status=Status.PENDING).count() == 1
    assert len(callbacks) == 1  # one deliver_webhook, queued only after the commit


@pytest.mark.parametrize(
    ("statuses", "log_status"),
    [
        ([Status.SUCCEEDED, Status.SUCCEEDED], "delivered"),
        ([Status.SUCCEEDED, Status.FAILED], "failed"),
        ([Status.FAILED, Status.PENDING], "processing"),
        ([Status.SUCCEEDED, Status.HELD], "processing"),
        ([Status.DELIVERING], "processing"),
        ([Status.SUCCEEDED, Status.CANCELLED], "delivered"),
        ([Status.CANCELLED], "processed"),
        ([], "processed"),
    ],
)
def test_the_log_status_sums_up_its_deliveries(org_a, statuses, log_status):
    log = make_log(make_provider(org_a), status=WebhookLog.Status.PROCESSING)
    for number, status in enumerate(statuses):
        destination = make_destination(org_a, URL, name=f"receiver {number}")
        Delivery.objects.create(organization=org_a, log=log, destination=destination, status=status)

    assert log_refresh_status(log_id=log.id) == log_status

    log.refresh_from_db()
    assert log.status == log_status
    assert (log.processed_at is None) is (log_status == "processing")


def test_refreshing_leaves_logs_ingest_still_owns_alone(org_a):
    provider = make_provider(org_a)
    for status in ("received", "held", "rejected", "duplicate"):
        log = make_log(provider, status=status)
        assert log_refresh_status(log_id=log.id) is None
        log.refresh_from_db()
        assert log.status == status


def test_the_dispatcher_resends_due_deliveries_no_task_will_run(
    org_a, settings, django_capture_on_commit_callbacks
):
    # Windows wide enough for all of them (test_windows.py holds the windows).
    settings.DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION = 100
    settings.DELIVERY_MAX_IN_FLIGHT_PER_ORGANIZATION = 100
    destination = make_destination(org_a, URL)
    provider = make_provider(org_a)
    now = timezone.now()

    def delivery(**fields):
        return Delivery.objects.create(
            organization=org_a,
            log=make_log(provider, status=WebhookLog.Status.PROCESSING),
            destination=destination,
            **fields,
        )

    long_retry_due = delivery(next_attempt_at=now - timedelta(seconds=1), dispatch_eta=None)
    task_lost = delivery(
        next_attempt_at=now - timedelta(minutes=5), dispatch_eta=now - timedelta(minutes=5)
    )
    worker_died = delivery(
        status=Status.DELIVERING, next_attempt_at=now - timedelta(seconds=1), dispatch_eta=None
    )
    delivery(next_attempt_at=now - timedelta(seconds=1), dispatch_eta=now)  # task on its way
    delivery(next_attempt_at=now + timedelta(hours=2), dispatch_eta=None)  # not due
    delivery(status=Status.DELIVERING, next_attempt_at=now + timedelta(seconds=40))  # in flight
    delivery(status=Status.SUCCEEDED, next_attempt_at=None)
    delivery(status=Status.HELD, next_attempt_at=None)

    with django_capture_on_commit_callbacks() as callbacks:
        assert deliveries_dispatch_due(grace_seconds=60) == 3

    # One publish of the lost ones, one of those admitted from waiting.
    assert len(callbacks) == 2
    marked = set(Delivery.objects.filter(dispatch_eta__gte=now).values_list("id", flat=True))
    assert {long_retry_due.id, task_lost.id, worker_died.id} <= marked
    # Marked as sent, they are left alone until the grace period passes again.
    assert deliveries_dispatch_due(grace_seconds=60) == 0
