"""Connections kept alive between attempts (sender.py), against real servers on loopback: a
kept connection serves only the same vetted address, port and host name; the SSRF check
still runs for every attempt; a reused connection keeps to the new attempt's deadline; a
receiver that closed an idle connection costs no attempt."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hooklane.delivery import sender, ssrf
from hooklane.delivery.models import Delivery, DeliveryAttempt, Destination
from hooklane.delivery.services import delivery_attempt, log_route

from .helpers import make_log, make_provider

# What an attempt may take past its timeout: the bookkeeping around the request.
MARGIN_S = 1.0


class Receiver:
    """An HTTP/1.1 server on `host` that keeps connections alive and notes, per request, the
    client's port (one per connection), the Host header and the path. `close_after_answer`
    closes each connection after its answer without saying so (a keep-alive timeout);
    `trickle_from` answers the request of that number and later with a head announcing a
    long body, then one byte a second."""

    def __init__(self, host="127.0.0.1", port=0, *, close_after_answer=False, trickle_from=0):
        self.seen: list[tuple[int, str, str]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 - http.server's name
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.seen.append((self.client_address[1], self.headers["Host"], self.path))
                if trickle_from and len(receiver.seen) >= trickle_from:
                    self.send_response(200)
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    for _ in range(30):
                        time.sleep(1)
                        self.wfile.write(b"a")
                        self.wfile.flush()
                    return
                body = b"ok"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                if close_after_answer:
                    self.close_connection = True

            def log_message(self, *args):
                pass

        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        server_class = type("Server", (ThreadingHTTPServer,), {"address_family": family})
        server_class.daemon_threads = True
        self.server = server_class((host, port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def connections(self) -> int:
        return len({port for port, _host, _path in self.seen})

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def fresh_pools():
    sender.close_kept_connections()
    yield
    sender.close_kept_connections()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


@pytest.fixture
def names_resolve(settings):
    """Names in URLs resolve through the resolver a test passes (never DNS)."""
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    settings.DELIVERY_LOOPBACK_ONLY = False


def resolving(answers: dict[str, str]):
    def resolve(name, port, type=0):
        address = answers[name]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    return resolve


def post(target, timeout=5.0):
    return sender.post(
        target, body=b"{}", headers={"Content-Type": "application/json"}, timeout=timeout
    )


def test_attempts_to_one_receiver_share_a_connection(settings, receiver):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    target = ssrf.vet_url(f"http://127.0.0.1:{receiver.port}/hook")

    for _ in range(3):
        assert post(target).status_code == 200

    assert len(receiver.seen) == 3
    assert receiver.connections() == 1


def test_a_connection_never_carries_another_host_names_request(names_resolve, receiver):
    resolve = resolving({"a.test": "127.0.0.1", "b.test": "127.0.0.1"})
    first = ssrf.vet_url(f"http://a.test:{receiver.port}/a", resolve_with=resolve)
    second = ssrf.vet_url(f"http://b.test:{receiver.port}/b", resolve_with=resolve)

    for target in (first, second, first, second):
        assert post(target).status_code == 200

    by_host = {}
    for client_port, host, path in receiver.seen:
        by_host.setdefault(host, set()).add(client_port)
        assert host.split(":")[0][0] == path[1]  # a.test got /a, b.test got /b
    assert set(by_host) == {f"a.test:{receiver.port}", f"b.test:{receiver.port}"}
    # Same address and port, two names: two connections, none shared.
    assert all(len(ports) == 1 for ports in by_host.values())
    assert by_host[f"a.test:{receiver.port}"].isdisjoint(by_host[f"b.test:{receiver.port}"])


def test_a_dns_change_connects_anew_to_the_address_just_vetted(names_resolve, receiver):
    try:
        moved = Receiver("::1", receiver.port)
    except OSError:
        pytest.skip("::1 is not available on this machine with the same port")
    try:
        url = f"http://moving.test:{receiver.port}/hook"
        before = ssrf.vet_url(url, resolve_with=resolving({"moving.test": "127.0.0.1"}))
        assert post(before).status_code == 200
        after = ssrf.vet_url(url, resolve_with=resolving({"moving.test": "::1"}))
        assert post(after).status_code == 200
    finally:
        moved.stop()

    assert len(receiver.seen) == 1
    assert len(moved.seen) == 1  # the kept connection to 127.0.0.1 did not carry it


def routed_delivery(destination) -> Delivery:
    log = make_log(make_provider(destination.organization))
    assert log_route(log_id=log.id).destinations == 1
    return Delivery.objects.get(log=log)


@pytest.mark.django_db
def test_the_ssrf_check_runs_for_every_attempt_over_a_kept_connection(
    settings, names_resolve, receiver, org_a, org_b
):
    destination = Destination.objects.create(
        organization=org_a,
        name="kept",
        url=f"http://kept.test:{receiver.port}/hook",
        max_attempts=1,
    )
    first, second = routed_delivery(destination), routed_delivery(destination)
    assert (
        delivery_attempt(delivery_id=first.id, resolve_with=resolving({"kept.test": "127.0.0.1"}))
        == Delivery.Status.SUCCEEDED
    )

    # The address is no longer allowed (as when a name starts resolving somewhere private);
    # a connection to it is still open, and must not be used.
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = False
    resolve = resolving({"kept.test": "127.0.0.1"})
    assert delivery_attempt(delivery_id=second.id, resolve_with=resolve) == "failed"
    attempt = DeliveryAttempt.objects.get(delivery=second)
    assert attempt.outcome == DeliveryAttempt.Outcome.REFUSED
    assert "loopback" in attempt.error
    assert len(receiver.seen) == 1
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True

    # Another organization forwarding to the same receiver gets its own attempts through
    # the same guard, with its own request on the wire.
    other = Destination.objects.create(
        organization=org_b, name="same", url=f"http://kept.test:{receiver.port}/b", max_attempts=1
    )
    theirs = routed_delivery(other)
    assert (
        delivery_attempt(delivery_id=theirs.id, resolve_with=resolving({"kept.test": "127.0.0.1"}))
        == Delivery.Status.SUCCEEDED
    )
    assert [path for _port, _host, path in receiver.seen] == ["/hook", "/b"]


def test_a_reused_connection_keeps_to_the_next_attempts_deadline(settings):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    receiver = Receiver(trickle_from=2)
    try:
        target = ssrf.vet_url(f"http://127.0.0.1:{receiver.port}/hook")
        assert post(target, timeout=30).status_code == 200
        started = time.monotonic()
        with pytest.raises(sender.SendTimeout):
            post(target, timeout=1.5)
        elapsed = time.monotonic() - started
    finally:
        receiver.stop()

    assert receiver.connections() == 1  # the second attempt did reuse the connection
    assert elapsed < 1.5 + MARGIN_S


def test_a_receiver_that_closed_an_idle_connection_costs_no_attempt(settings):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    receiver = Receiver(close_after_answer=True)
    try:
        target = ssrf.vet_url(f"http://127.0.0.1:{receiver.port}/hook")
        for _ in range(3):
            assert post(target).status_code == 200
    finally:
        receiver.stop()

    assert len(receiver.seen) == 3
    assert receiver.connections() == 3


def test_a_connection_idle_too_long_is_not_reused(settings, receiver):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    settings.DELIVERY_KEEPALIVE_IDLE_SECONDS = 0.2
    target = ssrf.vet_url(f"http://127.0.0.1:{receiver.port}/hook")

    assert post(target).status_code == 200
    time.sleep(0.5)
    assert post(target).status_code == 200

    assert receiver.connections() == 2
