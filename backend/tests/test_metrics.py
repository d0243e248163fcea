"""/metrics against the real stack: a known sequence of webhooks through ingest, the broker and
a real Celery worker moves every counter by exactly what was sent; the queues are measured on
the broker; and the dashboard and alert rules shipped in deploy/ use only metrics that exist."""

import json
import re
import time
from pathlib import Path

import pytest
import yaml
from celery import current_app
from django.utils import timezone
from werkzeug import Response

from conftest import make_org
from hooklane.core.broker import PUBLISHED_AT, celery_message, enqueue, lane_lists
from hooklane.core.task_names import DELIVER_WEBHOOK, PROCESS_WEBHOOK
from hooklane.core.tests.scrape import Scrape, scrape
from hooklane.delivery.models import Delivery
from hooklane.delivery.services import delivery_attempt
from hooklane.delivery.tests.helpers import (
    closed_port,
    make_destination,
    make_log,
    receiver_url,
    wait_until,
)
from hooklane.webhooks.tests.senders import (
    github_event,
    make_provider,
    post,
    stripe_event,
)

REPO = Path(__file__).resolve().parents[2]
PROCESS = PROCESS_WEBHOOK
DELIVER = DELIVER_WEBHOOK


def moved(before: Scrape, after: Scrape, name: str, **labels: str) -> float:
    return after.value(name, **labels) - before.value(name, **labels)


def tasks_done(client, settings, before: Scrape, expected: dict[str, int]):
    """The scrape once the worker has finished `expected` more runs of each task."""

    def finished():
        now = scrape(client, settings)
        done = all(
            moved(before, now, "hooklane_tasks_total", task=task, outcome="success") >= count
            for task, count in expected.items()
        )
        return now if done else None

    return wait_until(finished, timeout=60, what="the worker's tasks to be counted")


@pytest.mark.django_db(transaction=True)
def test_it_counts_a_known_sequence_of_webhooks_exactly(
    celery_worker, httpserver, client, settings, org_a, org_b
):
    # org_a is opted in to a label of its own, in this process and in the worker
    # (conftest.py); org_b and org_c count as `other`.
    settings.METRICS_ORGANIZATIONS = ["org-a"]
    settings.INGEST_MAX_BODY_BYTES = 4096
    org_c = make_org("Org C")
    # Org B takes two webhooks at once; org D keeps no byte (its one webhook is refused).
    org_b.ingest_rate_per_second, org_b.ingest_rate_burst = 1, 2
    org_b.save(update_fields=["ingest_rate_per_second", "ingest_rate_burst"])
    org_d = make_org("Org D")
    org_d.stored_bytes_quota = 1
    org_d.save(update_fields=["stored_bytes_quota"])
    stripe = make_provider(org_a, "stripe")
    github = make_provider(org_b, "github")
    standard = make_provider(org_c, "standard_webhooks")
    full = make_provider(org_d, "github")
    httpserver.expect_request("/ok").respond_with_data("ok")
    httpserver.expect_request("/broken").respond_with_response(Response("no", status=500))
    make_destination(org_a, receiver_url(httpserver, "/ok"))
    make_destination(
        org_b, receiver_url(httpserver, "/broken"), max_attempts=2, retry_schedule=[0.05]
    )
    before = scrape(client, settings)

    answers = [
        *(post(client, stripe, stripe_event(event_id=f"evt_{n}")).status_code for n in range(3)),
        post(client, stripe, stripe_event(event_id="evt_0")).status_code,  # a duplicate
        post(client, stripe, stripe_event("whsec_forged", event_id="evt_f1")).status_code,
        post(client, stripe, stripe_event("whsec_forged", event_id="evt_f2")).status_code,
        client.post(f"/in/{stripe.ingest_key}", b"{}", content_type="application/json").status_code,
        post(client, stripe, stripe_event(event_id="evt_old", at=time.time() - 3600)).status_code,
        client.post(
            f"/in/{stripe.ingest_key}", b"x" * 5000, content_type="application/json"
        ).status_code,
        client.get(f"/in/{stripe.ingest_key}").status_code,
        *(
            client.post(f"/in/{'n' * 32}{n}", b"{}", content_type="application/json").status_code
            for n in range(2)
        ),
        *(post(client, github, github_event(delivery=f"gh-{n}")).status_code for n in range(2)),
        post(client, standard, github_event()).status_code,  # not its scheme: refused
        post(client, github, github_event(delivery="gh-2")).status_code,  # over B's rate
        post(client, full, github_event()).status_code,  # over D's stored bytes
    ]
    assert answers == [
        *[200, 200, 200, 200, 401, 401, 401, 401, 413, 405, 404, 404, 200, 200, 401],
        *[429, 507],
    ]

    # 3 + 2 webhooks routed; org_a's 3 delivered at once, org_b's 2 failed twice each.
    wait_until(
        lambda: (
            Delivery.objects.filter(status=Delivery.Status.SUCCEEDED).count() == 3
            and Delivery.objects.filter(status=Delivery.Status.FAILED).count() == 2
        ),
        what="every delivery to finish",
    )
    after = tasks_done(client, settings, before, {PROCESS: 5, DELIVER: 3 + 2 * 2})

    def ingest(provider: str, outcome: str, reason: str = "") -> float:
        labels = {"provider": provider, "outcome": outcome, "reason": reason}
        return moved(before, after, "hooklane_ingest_requests_total", **labels)

    assert ingest("stripe", "accepted") == 3
    assert ingest("stripe", "duplicate") == 1
    assert ingest("stripe", "rejected", "wrong_signature") == 2
    assert ingest("stripe", "rejected", "missing_header") == 1
    assert ingest("stripe", "rejected", "stale_timestamp") == 1
    assert ingest("stripe", "too_large") == 1
    assert ingest("unknown", "method_not_allowed") == 1
    assert ingest("unknown", "not_found") == 2
    assert ingest("github", "accepted") == 2
    assert ingest("standard_webhooks", "rejected", "missing_header") == 1
    assert ingest("github", "rate_limited") == 1
    assert ingest("github", "over_quota") == 1
    sent = len(answers)
    assert (
        after.total("hooklane_ingest_requests_total")
        - before.total("hooklane_ingest_requests_total")
        == sent
    )
    assert (
        after.total("hooklane_ingest_duration_seconds_count")
        - before.total("hooklane_ingest_duration_seconds_count")
        == sent
    )
    assert moved(before, after, "hooklane_ingest_duration_seconds_count", provider="stripe") == 9

    def organization(name: str, outcome: str) -> float:
        labels = {"organization": name, "outcome": outcome}
        return moved(before, after, "hooklane_organization_webhooks_total", **labels)

    assert organization("org-a", "accepted") == 3
    assert organization("org-a", "duplicate") == 1
    assert organization("org-a", "rejected") == 4
    assert organization("other", "accepted") == 2  # org_b
    assert organization("other", "rejected") == 1  # org_c
    assert organization("other", "rate_limited") == 1  # org_b
    assert organization("other", "over_quota") == 1  # org_d

    assert moved(before, after, "hooklane_tasks_total", task=PROCESS, outcome="success") == 5
    assert moved(before, after, "hooklane_tasks_total", task=DELIVER, outcome="success") == 7
    assert moved(before, after, "hooklane_task_duration_seconds_count", task=DELIVER) == 7
    assert moved(before, after, "hooklane_delivery_attempts_total", outcome="succeeded") == 3
    assert moved(before, after, "hooklane_delivery_attempts_total", outcome="http_error") == 4
    assert moved(before, after, "hooklane_delivery_attempt_duration_seconds_count") == 7
    assert moved(before, after, "hooklane_delivery_retries_scheduled_total") == 2
    assert moved(before, after, "hooklane_deliveries_total", outcome="succeeded") == 3
    assert moved(before, after, "hooklane_deliveries_total", outcome="failed") == 2
    assert moved(before, after, "hooklane_delivery_latency_seconds_count") == 3
    deliveries = "hooklane_organization_deliveries_total"
    assert moved(before, after, deliveries, organization="org-a", outcome="succeeded") == 3
    assert moved(before, after, deliveries, organization="other", outcome="failed") == 2
    # Nothing is left in flight or waiting.
    assert after.value("hooklane_delivery_attempts_in_flight") == 0
    assert after.value("hooklane_deliveries_pending") == 0

    # The bound: only opted-in organizations and `other`, over the whole session.
    for name in ("hooklane_organization_webhooks_total", deliveries):
        assert after.label_values(name, "organization") <= {"org-a", "other"}


@pytest.mark.django_db
def test_a_delivery_whose_last_attempt_died_with_its_worker_counts_as_failed(
    client, settings, org_a, django_capture_on_commit_callbacks
):
    destination = make_destination(org_a, f"http://127.0.0.1:{closed_port()}/", max_attempts=1)
    log = make_log(make_provider(org_a, "none"))
    # Its one attempt was claimed, and the lease ran out: the worker was lost.
    delivery = Delivery.objects.create(
        organization=org_a,
        log=log,
        destination=destination,
        status=Delivery.Status.DELIVERING,
        attempt_count=1,
        cycle_attempts=1,
        next_attempt_at=timezone.now(),
    )
    before = scrape(client, settings)

    with django_capture_on_commit_callbacks(execute=True):
        assert delivery_attempt(delivery_id=delivery.id) is None

    after = scrape(client, settings)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert moved(before, after, "hooklane_delivery_attempts_total", outcome="interrupted") == 1
    assert moved(before, after, "hooklane_deliveries_total", outcome="failed") == 1
    deliveries = "hooklane_organization_deliveries_total"
    assert moved(before, after, deliveries, organization="other", outcome="failed") == 1


@pytest.mark.django_db
def test_it_measures_each_queue_and_the_age_of_its_oldest_task(
    quiet_broker, client, settings, django_capture_on_commit_callbacks
):
    # The oldest waiting message is the list's last (workers pop from the right): one
    # published an hour ago, in the queue's last lane (core/broker.py), then three now.
    task = current_app.tasks[PROCESS]
    old = json.loads(celery_message(task, ["old"], "ingest"))
    old["headers"][PUBLISHED_AT] = time.time() - 3600
    quiet_broker.rpush(lane_lists("ingest")[-1], json.dumps(old))
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(PROCESS, ["a"], ["b"], ["c"])
        enqueue(DELIVER, ["d"])

    found = scrape(client, settings)

    assert found.value("hooklane_queue_length", queue="ingest") == 4
    assert found.value("hooklane_queue_length", queue="deliveries") == 1
    assert found.value("hooklane_queue_length", queue="email") == 0
    assert found.value("hooklane_queue_oldest_task_age_seconds", queue="ingest") >= 3600
    assert found.value("hooklane_queue_oldest_task_age_seconds", queue="deliveries") < 3600
    assert found.value("hooklane_queue_oldest_task_age_seconds", queue="email") == 0


def test_a_message_celery_publishes_itself_carries_its_publish_time(quiet_broker):
    published = time.time()
    current_app.tasks[DELIVER].apply_async(("id-1",))

    [raw] = quiet_broker.lrange("deliveries", 0, -1)
    assert json.loads(raw)["headers"][PUBLISHED_AT] >= published


def referenced_metrics() -> dict[str, set[str]]:
    """Every hooklane_* name in an expression of the dashboard and of the alert rules."""
    dashboard = json.loads((REPO / "deploy/grafana/hooklane-dashboard.json").read_text())
    rules = yaml.safe_load((REPO / "deploy/prometheus/alerts.yml").read_text())
    expressions = {
        "dashboard": [
            target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])
        ],
        "alerts": [rule["expr"] for group in rules["groups"] for rule in group["rules"]],
    }
    return {
        where: {name for expr in exprs for name in re.findall(r"\bhooklane_[a-z_]+", expr)}
        for where, exprs in expressions.items()
    }


def test_the_dashboard_and_the_alerts_cover_what_operators_watch():
    referenced = referenced_metrics()
    rules = yaml.safe_load((REPO / "deploy/prometheus/alerts.yml").read_text())
    alerts = {rule["alert"] for group in rules["groups"] for rule in group["rules"]}
    assert {
        "HooklaneQueueBacklog",
        "HooklaneOldestTaskWaiting",
        "HooklaneDeliveryFailureRate",
        "HooklaneIngest5xx",
    } <= alerts
    assert len(referenced["dashboard"]) >= 15
    for group in rules["groups"]:
        for rule in group["rules"]:
            assert rule["annotations"]["summary"] and rule["labels"]["severity"]


@pytest.mark.django_db(transaction=True)
def test_every_metric_the_dashboard_and_alerts_use_is_on_metrics(celery_worker, client, settings):
    exposed = scrape(client, settings).names()

    for where, names in referenced_metrics().items():
        assert names and names <= exposed, f"{where} uses {sorted(names - exposed)}"
