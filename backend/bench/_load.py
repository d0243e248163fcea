"""Shared by the benchmarks: wrk at fixed concurrency, an open loop at a rate, a provider."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import time
from pathlib import Path

from cryptography.fernet import Fernet

HERE = Path(__file__).resolve().parent
# One real key for this process and the servers it starts (which run with DEBUG off and
# refuse the development key), so they read the secrets it stores.
os.environ.setdefault("SECRETS_ENCRYPTION_KEYS", Fernet.generate_key().decode())


def wrk(url: str, args, script: str, *script_args: str, env=None) -> dict:
    """Run wrk with a Lua script of this folder; its done() prints one `BENCH {json}` line."""
    command = [
        "wrk",
        f"-t{args.wrk_threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / script),
        url,
    ]
    if script_args:
        command += ["--", *script_args]
    result = subprocess.run(
        command, capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    )
    for line in result.stdout.splitlines():
        if line.startswith("BENCH "):
            return json.loads(line.removeprefix("BENCH "))
    raise SystemExit(f"wrk printed no result:\n{result.stdout}\n{result.stderr}")


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" not in headers:
        raise RuntimeError(f"response without Content-Length: {lines[0]}")
    body = await reader.readexactly(int(headers["content-length"]))
    return status, body, headers.get("connection", "").lower() == "close"


async def _fixed_rate(port: int, requests: list[bytes], rate: float, concurrency: int):
    """Open loop: request i is due at start + i/rate, and its latency counts from then, so a
    slow server cannot hide its slowness by delaying the client (coordinated omission)."""
    queue: asyncio.Queue = asyncio.Queue()
    latencies: list[float] = []
    outcomes = {"accepted": 0, "other": 0}
    ids: list[str] = []

    async def connection_worker() -> None:
        reader = writer = None
        while (item := await queue.get()) is not None:
            due, raw = item
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(raw)
            await writer.drain()
            status, body, close = await _read_response(reader)
            latencies.append(time.perf_counter() - due)
            accepted = status == 200 and b'"duplicate": false' in body
            outcomes["accepted" if accepted else "other"] += 1
            if accepted:
                ids.append(json.loads(body)["id"])
            if close:
                writer.close()
                reader = writer = None
        if writer is not None:
            writer.close()

    workers = [asyncio.create_task(connection_worker()) for _ in range(concurrency)]
    start = time.perf_counter()
    for index, raw in enumerate(requests):
        due = start + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((due, raw))
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    elapsed = time.perf_counter() - start
    return latencies, outcomes, ids, elapsed


def fixed_rate(port: int, raw: list[bytes], rate: float, concurrency: int) -> dict:
    """Send each raw HTTP/1.1 request once, at `rate` per second, over at most
    `concurrency` keep-alive connections; latency percentiles count from the due time."""
    latencies, outcomes, ids, elapsed = asyncio.run(_fixed_rate(port, raw, rate, concurrency))
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    return {
        "offered_per_s": rate,
        "achieved_per_s": len(latencies) / elapsed,
        **outcomes,
        "ids": ids,
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "max_ms": ordered[-1] * 1000,
    }


def bench_provider(name: str, secret: str):
    """Migrate, then create an organization (its rate limit far above any load) with a
    Stripe provider signed by `secret`."""
    import django

    django.setup()
    from django.core.management import call_command

    from hooklane.accounts.services import organization_create
    from hooklane.webhooks.services import provider_create

    call_command("migrate", verbosity=0)
    organization = organization_create(name=f"{name} {secrets.token_hex(3)}")
    # The quota check runs on every request, as in production, but never refuses the load.
    organization.ingest_rate_per_second = organization.ingest_rate_burst = 1_000_000
    organization.save(update_fields=["ingest_rate_per_second", "ingest_rate_burst"])
    return provider_create(
        organization=organization,
        provider_name="stripe",
        display_name="Bench Stripe",
        signing_secret=secret,
    )


def wait_for_web(port: int, processes: list, log_path) -> list:
    """Return `processes` once gunicorn (the first of them) answers /healthz on `port`."""
    import urllib.request

    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):  # noqa: S310
                return processes
        except OSError:
            if time.monotonic() > deadline or processes[0].poll() is not None:
                raise SystemExit(f"gunicorn did not start; see {log_path}") from None
            time.sleep(0.2)


async def serve_until_sigterm(handle, port: int, ready) -> None:
    """Serve `handle` on 127.0.0.1:`port` (an asyncio stream handler), telling `ready`, until
    the process gets SIGTERM."""
    import signal

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    ready.set()
    async with server:
        await stop.wait()


def server_env(port: int, **extra: str) -> dict[str, str]:
    """The environment of a benchmark's servers on 127.0.0.1:`port`: production settings
    (DEBUG off, a key of their own), quiet logs."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        **extra,
    }
