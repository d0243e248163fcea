"""Hostile HTTP at ingest over raw sockets to a real gunicorn: lying and conflicting
Content-Length, truncated and slow bodies, header floods, mangled requests. Gunicorn or ingest
refuses each with a 4xx (never a 5xx), no incomplete body is stored as a webhook, the worker
survives, and its memory stays flat."""

import hashlib
import hmac
import socket
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.tests.senders import SECRETS, ingest_path, make_provider

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_provider(org_a):
    # Paused: stored logs are held, so no worker writes while the database is flushed.
    return make_provider(org_a, "none", is_active=False)


def exchange(port: int, raw: bytes, *, pieces: int = 1, pause: float = 0.0) -> bytes:
    """Send raw bytes (in `pieces`, `pause` seconds apart), half-close, read to EOF."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        step = max(1, -(-len(raw) // pieces))
        for start in range(0, len(raw), step):
            sock.sendall(raw[start : start + step])
            if pause:
                time.sleep(pause)
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may already have answered and closed
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    return received


def statuses(reply: bytes) -> list[int]:
    """Status codes of every response in what came back."""
    found = []
    for line in reply.split(b"\r\n"):
        if line.startswith(b"HTTP/1.") and len(line) >= 12 and line[9:12].isdigit():
            found.append(int(line[9:12]))
    return found


def request(path: str, body: bytes, *headers: str, length: int | None = None) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines += list(headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def assert_alive(gunicorn, provider) -> None:
    reply = exchange(gunicorn.port, request(ingest_path(provider), b'{"ok": 1}', length=9))
    assert statuses(reply) == [200], reply[:300]


def test_a_body_shorter_than_its_content_length_is_refused_and_not_stored(gunicorn, open_provider):
    reply = exchange(gunicorn.port, request(ingest_path(open_provider), b"x" * 500, length=1000))

    assert statuses(reply) == [400], reply[:300]
    assert not WebhookLog.objects.exists()
    assert_alive(gunicorn, open_provider)


def test_bytes_past_the_content_length_are_not_part_of_the_webhook(gunicorn, open_provider):
    reply = exchange(
        gunicorn.port, request(ingest_path(open_provider), b"0123456789" * 10, length=10)
    )

    # The rest is read as a next request, which is garbage: gunicorn refuses it.
    assert statuses(reply)[0] == 200, reply[:300]
    assert all(status < 500 for status in statuses(reply))
    assert [bytes(log.body) for log in WebhookLog.objects.all()] == [b"0123456789"]


@pytest.mark.parametrize(
    "headers",
    [
        ("Content-Length: 5", "Content-Length: 7"),
        ("Content-Length: 5", "Transfer-Encoding: chunked"),
        ("Transfer-Encoding: chunked, identity",),
        ("Content-Length: -5",),
        ("Content-Length: 5x",),
        ("Content-Length: +5",),
        ("Content-Length: 99999999999999999999999999",),
        ("Transfer-Encoding: gzip",),
    ],
    ids=lambda headers: " / ".join(headers),
)
def test_conflicting_or_malformed_framing_is_refused(gunicorn, open_provider, headers):
    body = b"5\r\nhello\r\n0\r\n\r\n"

    reply = exchange(gunicorn.port, request(ingest_path(open_provider), body, *headers))

    assert statuses(reply) and statuses(reply)[0] in {400, 413, 501}, reply[:300]
    assert not WebhookLog.objects.exists()


def test_a_chunked_body_cut_before_its_last_chunk_is_not_stored(gunicorn, open_provider):
    body = b"a\r\n0123456789\r\n5\r\nabc"
    raw = request(ingest_path(open_provider), body, "Transfer-Encoding: chunked")

    reply = exchange(gunicorn.port, raw)

    assert statuses(reply) in ([400], []), reply[:300]
    assert not WebhookLog.objects.exists()
    assert_alive(gunicorn, open_provider)


def test_a_slow_body_is_stored_exactly(gunicorn, org_a):
    provider = make_provider(org_a, "github", is_active=False)
    body = b'{"zen": "' + b"slow " * 200 + b'"}'
    digest = hmac.new(SECRETS["github"].encode(), body, hashlib.sha256).hexdigest()
    raw = request(
        ingest_path(provider),
        body,
        f"X-Hub-Signature-256: sha256={digest}",
        "X-GitHub-Delivery: slow-1",
        length=len(body),
    )

    reply = exchange(gunicorn.port, raw, pieces=20, pause=0.05)

    assert statuses(reply) == [200], reply[:300]
    assert bytes(WebhookLog.objects.get().body) == body


@pytest.mark.parametrize(
    "headers",
    [
        tuple(f"X-Flood-{n}: {n}" for n in range(500)),
        ("X-Huge: " + "a" * 200_000,),
        ("X-Folded: a\r\n continued",),
        ("X-Nul: a\x00b",),
        ("Bad Header Name: 1",),
    ],
    ids=["500 headers", "200 KB header", "obsolete folding", "NUL", "space in name"],
)
def test_header_floods_and_malformed_headers_get_a_4xx(gunicorn, open_provider, headers):
    reply = exchange(gunicorn.port, request(ingest_path(open_provider), b"{}", *headers, length=2))

    assert statuses(reply) and 400 <= statuses(reply)[0] < 500, reply[:300]
    assert_alive(gunicorn, open_provider)


def test_header_bytes_that_are_not_utf8_are_stored_readably(gunicorn, open_provider):
    raw = request(ingest_path(open_provider), b"{}", length=2).replace(
        b"\r\n\r\n", b"\r\nX-Latin: caf\xe9 \xff\xfe\r\n\r\n", 1
    )

    reply = exchange(gunicorn.port, raw)

    assert statuses(reply) == [200], reply[:300]
    assert WebhookLog.objects.get().headers["x-latin"] == "caf\u00e9 \u00ff\u00fe"


# Mangled requests ------------------------------------------------------------------------------
def mangle(raw: bytes, cut: int, flips: list[tuple[int, int]]) -> bytes:
    mangled = bytearray(raw[: max(1, cut)])
    for position, value in flips:
        mangled[position % len(mangled)] = value
    return bytes(mangled)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    cut=st.integers(min_value=1, max_value=400),
    flips=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 255)), max_size=4),
)
def test_a_mangled_request_never_gets_a_5xx(gunicorn, open_provider, cut, flips):
    body = b'{"id": "evt_1", "data": [1, 2.5, "three"]}'
    raw = request(ingest_path(open_provider), body, "X-Request-Id: abc", length=len(body))

    reply = exchange(gunicorn.port, mangle(raw, cut, flips))

    assert all(status < 500 for status in statuses(reply)), reply[:300]
    for log in WebhookLog.objects.all():
        # What was stored is what a complete, well-framed request carried.
        assert len(bytes(log.body)) == log.size_bytes


def test_the_worker_survived_every_hostile_request(gunicorn, open_provider):
    """Runs after the others in this module: the first worker is still the one serving."""
    assert gunicorn.process.poll() is None
    assert len(gunicorn.worker_pids()) == 1
    assert_alive(gunicorn, open_provider)


# Memory of the worker ---------------------------------------------------------------------------
def peak_rss_kib(pid: int) -> int:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def test_huge_declared_and_streamed_bodies_leave_the_workers_memory_flat(gunicorn, open_provider):
    [worker] = gunicorn.worker_pids()
    for _ in range(3):
        assert_alive(gunicorn, open_provider)
    before = peak_rss_kib(worker)

    declared = request(ingest_path(open_provider), b"", length=10**12)
    assert statuses(exchange(gunicorn.port, declared)) == [413]
    chunk = b"100000\r\n" + b"[" * 0x100000 + b"\r\n"
    with socket.create_connection(("127.0.0.1", gunicorn.port), timeout=15) as sock:
        sock.sendall(request(ingest_path(open_provider), b"", "Transfer-Encoding: chunked"))
        sent = 0
        try:
            while sent < 50 * 1024 * 1024:  # 50 MiB against a 1 MiB limit
                sock.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused mid-stream: the point
        reply = sock.recv(65536)
    assert statuses(reply) == [413], reply[:300]

    grown = peak_rss_kib(worker) - before
    assert [worker] == gunicorn.worker_pids()
    assert grown < 8 * 1024, f"the worker's peak memory grew by {grown} KiB"
