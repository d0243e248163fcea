"""Rate limits, ordered delivery and circuit breaking through the real broker and worker to a
real local receiver that records what arrives and when. A second organization (and another
destination of the same one) is watching each time: the controls hold only their own
destination."""

import json
import threading
import time
from collections import defaultdict

import pytest
from werkzeug import Response

from hooklane.delivery.models import CircuitTransition, Delivery, Destination
from hooklane.delivery.services import deliveries_dispatch_due, log_route

from .helpers import make_destination, make_log, make_provider, receiver_url, wait_until

pytestmark = pytest.mark.django_db(transaction=True)
Status = Delivery.Status


class Receiver:
    """Records (path, JSON body, monotonic time, answer) of every request; `answer(path,
    body, seen)` picks the status (200 unless told), `seen` being the path's earlier requests."""

    def __init__(self, httpserver, answer=None):
        self.arrivals: list[tuple[str, dict, float, int]] = []
        self._lock = threading.Lock()
        self._answer = answer or (lambda path, body, seen: 200)
        httpserver.expect_request("").respond_with_handler(self)  # every path

    def __call__(self, request):
        body = json.loads(request.get_data() or b"null")
        with self._lock:
            seen = [entry for entry in self.arrivals if entry[0] == request.path]
            status = self._answer(request.path, body, seen)
            self.arrivals.append((request.path, body, time.monotonic(), status))
        return Response("ok" if status < 300 else "no", status=status)

    def at(self, path: str, status: int | None = 200) -> list[tuple[dict, float]]:
        with self._lock:
            return [
                (body, at)
                for p, body, at, code in self.arrivals
                if p == path and (status is None or code == status)
            ]


def route(provider, bodies) -> None:
    for body in bodies:
        log = make_log(provider, body=json.dumps(body).encode(), payload=body)
        log_route(log_id=log.id)


def test_a_rate_limited_destination_gets_everything_spread_out_and_slows_nobody_else(
    celery_worker, httpserver, org_a, org_b
):
    receiver = Receiver(httpserver)
    limited_source, other_source = make_provider(org_a), make_provider(org_a)
    make_destination(
        org_a,
        receiver_url(httpserver, "/limited"),
        provider_ids=[limited_source.id],
        rate_limit=5,
        rate_period="second",
    )
    make_destination(org_a, receiver_url(httpserver, "/other"), provider_ids=[other_source.id])
    make_destination(org_b, receiver_url(httpserver, "/theirs"))

    route(limited_source, [{"n": n} for n in range(50)])
    route(other_source, [{"n": n} for n in range(10)])
    route(make_provider(org_b), [{"n": n} for n in range(10)])

    wait_until(lambda: len(receiver.at("/limited")) >= 50, timeout=90, what="50 at /limited")
    limited = [at for _, at in receiver.at("/limited")]
    # 5 a second: 50 starts are 49 intervals of 200 ms apart at least.
    assert max(limited) - min(limited) >= 9
    assert sorted(body["n"] for body, _ in receiver.at("/limited")) == list(range(50))
    # Each started on its slot: at most 5 in any one second.
    assert all(sum(1 for other in limited if start <= other < start + 1) <= 5 for start in limited)
    # The others were not made to wait behind it: all theirs came before its last.
    for path in ("/other", "/theirs"):
        arrivals = receiver.at(path)
        assert len(arrivals) == 10, path
        assert max(at for _, at in arrivals) < max(limited), path
    # Waiting for a slot is no attempt: one each.
    assert not Delivery.objects.filter(attempt_count__gt=1).exists()


def test_ordered_deliveries_go_one_at_a_time_per_key_in_the_order_received(
    celery_worker, httpserver, org_a, org_b
):
    def answer(path, body, seen):
        # The first attempt of customer c2's first webhook fails (its retry is in 10 s).
        if (
            path == "/ordered"
            and body["customer"] == "c2"
            and not any(b["customer"] == "c2" for _, b, _, _ in seen)
        ):
            return 500
        return 200

    receiver = Receiver(httpserver, answer)
    source, their_source = make_provider(org_a), make_provider(org_b)
    ordered = make_destination(
        org_a,
        receiver_url(httpserver, "/ordered"),
        ordered=True,
        ordering_key="body.customer",
        retry_schedule=[10],
    )
    make_destination(
        org_b, receiver_url(httpserver, "/theirs"), ordered=True, ordering_key="body.customer"
    )
    bodies = [{"customer": f"c{n % 3 + 1}", "seq": n // 3} for n in range(15)]

    route(source, bodies)
    route(their_source, bodies)

    keys = set(Delivery.objects.filter(destination=ordered).values_list("ordering_key", flat=True))
    assert keys == {"c1", "c2", "c3"}

    # c1 and c3 go on, each in order, while c2 waits for its first webhook's retry.
    wait_until(lambda: len(receiver.at("/ordered")) >= 10, timeout=60, what="c1 and c3 delivered")
    assert {body["customer"] for body, _ in receiver.at("/ordered")} == {"c1", "c3"}
    assert [
        body for body, _ in receiver.at("/ordered", status=None) if body["customer"] == "c2"
    ] == [{"customer": "c2", "seq": 0}]
    # The other organization's same keys were never held by ours.
    wait_until(lambda: len(receiver.at("/theirs")) >= 15, timeout=60, what="theirs delivered")

    wait_until(lambda: len(receiver.at("/ordered")) >= 15, timeout=90, what="c2 delivered")
    by_key = defaultdict(list)
    for body, _ in receiver.at("/ordered", status=None):
        by_key[body["customer"]].append(body["seq"])
    assert by_key == {"c1": [0, 1, 2, 3, 4], "c2": [0, 0, 1, 2, 3, 4], "c3": [0, 1, 2, 3, 4]}
    theirs = defaultdict(list)
    for body, _ in receiver.at("/theirs"):
        theirs[body["customer"]].append(body["seq"])
    assert all(seqs == [0, 1, 2, 3, 4] for seqs in theirs.values()) and len(theirs) == 3
    wait_until(
        lambda: Delivery.objects.filter(destination=ordered, status=Status.SUCCEEDED).count() == 15,
        what="every ordered delivery recorded as succeeded",
    )


def test_an_open_circuit_stops_attempts_probes_and_closes_on_success(
    celery_worker, httpserver, org_a, org_b
):
    failing = {"on": True}

    def answer(path, body, seen):
        return 500 if path == "/flaky" and failing["on"] else 200

    receiver = Receiver(httpserver, answer)
    source = make_provider(org_a)
    flaky = make_destination(
        org_a,
        receiver_url(httpserver, "/flaky"),
        circuit_threshold=3,
        circuit_probe_seconds=3,
        retry_schedule=[1],
        max_attempts=20,
    )
    make_destination(org_b, receiver_url(httpserver, "/theirs"))

    route(source, [{"n": n} for n in range(6)])

    def circuit_open():
        flaky.refresh_from_db()
        return flaky.circuit_state == Destination.Circuit.OPEN

    wait_until(circuit_open, timeout=30, what="the circuit to open")
    tried = len(receiver.at("/flaky", status=None))
    # Open: the retries that come due wait for the probe instead of going out. (What was
    # already on its way when it opened may still arrive: at most a window's worth.)
    time.sleep(1.5)
    assert len(receiver.at("/flaky", status=None)) <= tried + 3
    assert Delivery.objects.filter(destination=flaky, status=Status.PENDING).count() == 6
    # The other organization is served meanwhile.
    route(make_provider(org_b), [{"n": 0}])
    wait_until(lambda: receiver.at("/theirs"), timeout=30, what="theirs delivered")

    # The receiver recovers; beat's dispatcher (run here) sends a probe when it is due.
    failing["on"] = False

    def all_delivered():
        deliveries_dispatch_due()
        return Delivery.objects.filter(destination=flaky, status=Status.SUCCEEDED).count() == 6

    wait_until(all_delivered, timeout=60, what="the probe to close the circuit")
    flaky.refresh_from_db()
    assert (flaky.circuit_state, flaky.consecutive_failures) == ("closed", 0)
    steps = list(
        CircuitTransition.objects.filter(destination=flaky)
        .order_by("created_at")
        .values_list("to_state", "reason")
    )
    assert steps[0] == ("open", "failures")
    assert steps[-2:] == [("half_open", "probe"), ("closed", "succeeded")]
    assert not CircuitTransition.objects.filter(organization=org_b).exists()
