"""The broker's lanes (core/broker.py): a tenant with a backlog waiting in a queue is
overtaken by one with little waiting, on the real Redis broker and a real worker."""

import base64
import json
import time
import uuid

import pytest
import redis

from hooklane.core.broker import LANE_STEPS, enqueue, lane_lists
from hooklane.core.task_names import PROCESS_WEBHOOK

COUNT_KEY = "hooklane:lane:ingest:{}"


@pytest.fixture
def publish(db, django_capture_on_commit_callbacks):
    """enqueue(), published at once (it publishes when the test's transaction commits)."""

    def publish_now(*calls: list[str], tenant: str | None = None) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            enqueue(PROCESS_WEBHOOK, *calls, tenant=tenant)

    return publish_now


def served_order(client) -> list[str]:
    """Every message of the ingest queue, in the order a worker takes them (kombu's BRPOP
    over the lanes, first lane first)."""
    order = []
    while popped := client.brpop(lane_lists("ingest"), timeout=1):
        message = json.loads(popped[1])
        order.append(json.loads(base64.b64decode(message["body"]))[0][0])
    return order


def test_a_tenant_with_a_backlog_is_overtaken_by_one_without(quiet_broker, publish):
    backlog = LANE_STEPS[0] + 10
    for n in range(backlog):
        publish([f"a{n}"], tenant="org-a")
    publish(["b0"], tenant="org-b")

    order = served_order(quiet_broker)

    # B waits behind A's first lane only, not behind A's whole backlog; A keeps its order.
    assert order.index("b0") == LANE_STEPS[0]
    assert [name for name in order if name.startswith("a")] == [f"a{n}" for n in range(backlog)]


def test_a_count_that_drifted_is_reset_once_the_queue_is_empty(quiet_broker, publish):
    # Messages purged or lost with a worker never counted out: the queue is empty.
    quiet_broker.set(COUNT_KEY.format("org-a"), 10 * LANE_STEPS[-1])

    publish(["a0"], tenant="org-a")

    assert quiet_broker.llen(lane_lists("ingest")[0]) == 1
    assert int(quiet_broker.get(COUNT_KEY.format("org-a"))) == 1


def test_work_without_a_tenant_takes_the_first_lane(quiet_broker, publish):
    publish(["x"])

    assert [quiet_broker.llen(lane) for lane in lane_lists("ingest")] == [1, 0, 0, 0]


@pytest.mark.django_db(transaction=True)
def test_a_worker_counts_each_task_out_of_its_lane(celery_worker, settings):
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    tenant = f"org-{uuid.uuid4().hex}"
    # Logs that do not exist: routing finds nothing and the task ends at once.
    enqueue(PROCESS_WEBHOOK, *([str(uuid.uuid4())] for _ in range(3)), tenant=tenant)

    # Counted in (a key that did not exist), then out by each task the worker starts.
    deadline = time.monotonic() + 30
    while broker.get(COUNT_KEY.format(tenant)) != b"0":
        assert time.monotonic() < deadline, "the worker did not count its tasks out"
        time.sleep(0.05)
