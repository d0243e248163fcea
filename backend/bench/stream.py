"""Live stream benchmark: memory per idle open stream, and events per second through one.

`make bench ARGS=stream` (options: `--streams 500 --events 20000`) on a throwaway stack: one
uvicorn process serving config.asgi with DEBUG off. The RSS of that process with 1 open
stream and with N idle ones (each from its own API key's principal cap raised for the run)
gives the memory per idle stream; then M entries published to the organization's feed in
batches are read through one stream, from the first publish to the last event received.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from _load import bench_provider, server_env
from _machine import machine

BACKEND = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BACKEND))
sys.path.insert(0, str(BACKEND / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def open_stream(port: int, key: str) -> socket.socket:
    """An open stream, read up to its `ready` event; the socket then stays idle."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(
        f"GET /api/v1/stream/logs?types=log HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {key}\r\n\r\n".encode()
    )
    seen = b""
    while b"event: ready" not in seen:
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit(f"stream closed before ready: {seen[:300]!r}")
        seen += chunk
    if not seen.startswith(b"HTTP/1.1 200"):
        raise SystemExit(f"stream refused: {seen[:300]!r}")
    return sock


def settle(pid: int, seconds: float = 3.0) -> int:
    time.sleep(seconds)
    return rss_kib(pid)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=500, help="idle streams to hold open")
    parser.add_argument("--events", type=int, default=20_000, help="entries through one stream")
    parser.add_argument("--batch", type=int, default=500, help="entries per publish")
    args = parser.parse_args(sys.argv[1:])

    from stack import free_port

    provider = bench_provider("Stream bench", "whsec_" + "b" * 32)
    from django.utils import timezone

    from hooklane.accounts.models import User
    from hooklane.accounts.services import api_key_create
    from hooklane.core import live

    organization = provider.organization
    user = User.objects.create_user(f"bench-{os.getpid()}@example.com", organization=organization)
    _key, raw_key = api_key_create(created_by=user, name="stream bench", scope="read")

    port = free_port()
    env = server_env(port, STREAM_MAX_PER_PRINCIPAL=str(args.streams + 10))
    argv = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--lifespan", "off", "--no-access-log", "--log-level", "warning"]
    server = subprocess.Popen(argv, cwd=BACKEND, env=env)
    print(f"machine: {machine()}; load average before: {os.getloadavg()[0]:.2f}")
    print("server: uvicorn, 1 process, Django async view, DEBUG off")
    sockets: list[socket.socket] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("uvicorn did not start") from None
                time.sleep(0.1)
        sockets.append(open_stream(port, raw_key))
        one = settle(server.pid)
        started = time.monotonic()
        while len(sockets) < args.streams:
            sockets.append(open_stream(port, raw_key))
        opened_in = time.monotonic() - started
        many = settle(server.pid)
        per_stream = (many - one) / (args.streams - 1)
        print(f"RSS with 1 open stream: {one / 1024:.1f} MiB")
        print(
            f"RSS with {args.streams} idle open streams: {many / 1024:.1f} MiB "
            f"(opened in {opened_in:.1f} s)"
        )
        print(f"memory per idle stream: {per_stream:.1f} KiB")
        for sock in sockets[1:]:
            sock.close()
        del sockets[1:]
        time.sleep(1)

        reader = sockets[0]
        reader.settimeout(60)

        def entry(number: int):
            return live.log_event(
                organization_id=organization.id,
                log_id=f"00000000-0000-0000-0000-{number:012d}",
                provider_id=provider.id,
                provider_display_name=provider.display_name,
                provider_name=provider.provider_name,
                event_type="invoice.paid",
                status="received",
                received_at=timezone.now(),
                size_bytes=2048,
                verification="verified",
            )

        started = time.monotonic()
        received = 0
        buffer = b""
        for start in range(0, args.events, args.batch):
            live.publish(*(entry(n) for n in range(start, min(start + args.batch, args.events))))
        published_in = time.monotonic() - started
        while received < args.events:
            chunk = reader.recv(1 << 20)
            if not chunk:
                raise SystemExit(f"the stream ended after {received} events")
            buffer += chunk
            end = buffer.rfind(b"\n\n") + 2 if b"\n\n" in buffer else 0  # complete events only
            received += buffer[:end].count(b"event: log\n")
            buffer = buffer[end:]
        elapsed = time.monotonic() - started
        print(
            f"events through one stream: {args.events} in {elapsed:.2f} s = "
            f"{args.events / elapsed:.0f}/s (published in {published_in:.2f} s)"
        )
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        for sock in sockets:
            sock.close()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0
