"""Ingest benchmark: accepted webhooks per second, latency, and proof that no 2xx was lost.

`make bench` (or `make bench ARGS='ingest --duration 30'`) runs this on a throwaway stack:
gunicorn with DEBUG off and a Celery worker, N pre-signed distinct Stripe-style 2 KB events
sent by wrk at fixed concurrency, the same against /healthz, then an open-loop client at a
fixed rate for tail latency. Every 2xx id must be a row in PostgreSQL; a missing one is a
lost webhook and the run exits 1.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BACKEND = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(BACKEND))
sys.path.insert(0, str(BACKEND / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

SECRET = "whsec_bench_" + secrets.token_hex(16)
BODY_BYTES = 2048
TARGETS = {"accepted_per_s": 1500, "ratio": 0.5, "p99_ms_at_rate": 50}


def stripe_body(event_id: str, created: int) -> bytes:
    """A Stripe-shaped invoice.paid event padded to about 2 KB, like a real one."""
    event = {
        "id": event_id,
        "object": "event",
        "api_version": "2024-06-20",
        "created": created,
        "type": "invoice.paid",
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "data": {
            "object": {
                "id": "in_" + event_id[4:],
                "object": "invoice",
                "amount_due": 4200,
                "amount_paid": 4200,
                "currency": "eur",
                "customer": "cus_" + event_id[-10:],
                "customer_email": "billing@example.com",
                "status": "paid",
                "lines": {"object": "list", "data": [], "has_more": False},
                "metadata": {"order": event_id[-8:]},
                "description": "",
            }
        },
    }
    body = json.dumps(event, separators=(", ", ": ")).encode()
    pad = BODY_BYTES - len(body)
    event["data"]["object"]["description"] = "x" * max(0, pad)
    return json.dumps(event, separators=(", ", ": ")).encode()


def stripe_signature(body: bytes, timestamp: int) -> str:
    digest = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def presign(count: int, prefix: str) -> list[tuple[str, bytes]]:
    now = int(time.time())
    return [
        (stripe_signature(body, now), body)
        for body in (stripe_body(f"evt_{prefix}{n:09d}", now) for n in range(count))
    ]


def check_against_stripe_library(events: list[tuple[str, bytes]]) -> None:
    """Our signer must be Stripe's: the stripe library re-verifies one event."""
    import stripe

    signature, body = events[0]
    stripe.WebhookSignature.verify_header(body.decode(), signature, SECRET, tolerance=300)


def setup_database() -> tuple[str, str]:
    import django

    django.setup()
    from django.core.management import call_command

    from hooklane.accounts.services import organization_create
    from hooklane.webhooks.provider_services import provider_create

    call_command("migrate", verbosity=0)
    organization = organization_create(name=f"Bench {secrets.token_hex(3)}")
    provider = provider_create(
        organization=organization,
        provider_name="stripe",
        display_name="Bench Stripe",
        signing_secret=SECRET,
    )
    return str(provider.id), f"/in/{provider.ingest_key}"


def start(args: argparse.Namespace, port: int, tmp: Path) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    bin_dir = Path(sys.executable).parent
    server = [
        str(bin_dir / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--backlog",
        "2048",
    ]
    worker = [
        str(bin_dir / "celery"),
        "-A",
        "config",
        "worker",
        "-Q",
        "ingest",
        "--concurrency",
        str(args.celery_concurrency),
        "--loglevel",
        "WARNING",
        "-n",
        f"bench-{os.getpid()}@%h",
        "--without-mingle",
        "--without-gossip",
    ]
    log = (tmp / "servers.log").open("ab")
    processes = [
        subprocess.Popen(server, cwd=BACKEND, env=env, stdout=log, stderr=subprocess.STDOUT),
        subprocess.Popen(worker, cwd=BACKEND, env=env, stdout=log, stderr=subprocess.STDOUT),
    ]
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):  # noqa: S310
                return processes
        except OSError:
            if time.monotonic() > deadline or processes[0].poll() is not None:
                raise SystemExit(f"gunicorn did not start; see {tmp / 'servers.log'}") from None
            time.sleep(0.2)


def wrk(url: str, args: argparse.Namespace, script: str, *script_args: str, env=None) -> dict:
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


def fixed_rate(port: int, path: str, events, rate: float, concurrency: int) -> dict:
    raw = [
        (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nStripe-Signature: {signature}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        + body
        for signature, body in events
    ]
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


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _process_groups(port: int) -> dict[str, float]:
    """CPU seconds used so far by each group of processes the benchmark cares about."""
    used: dict[str, float] = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, UnicodeDecodeError):
            continue
        if f"127.0.0.1:{port}" in command and "gunicorn" in command:
            group = "gunicorn"
        elif command.startswith("postgres"):
            group = "postgres"
        elif "redis-server" in command:
            group = "redis"
        elif "celery" in command and f"bench-{os.getpid()}" in command:
            group = "celery"
        elif command.startswith("wrk"):
            group = "wrk"
        else:
            continue
        used[group] = used.get(group, 0.0) + (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    # Busy time of the whole machine: everything but idle and iowait.
    used["machine"] = (sum(ticks) - ticks[3] - ticks[4]) / _CLOCK_TICKS
    return used


def cpu_split(before: dict[str, float], after: dict[str, float], seconds: float) -> str:
    """Cores used per group during a run; "others" is whatever else ran on the machine."""
    used = {group: after.get(group, 0.0) - before.get(group, 0.0) for group in after}
    ours = sum(value for group, value in used.items() if group != "machine")
    used["others"] = max(0.0, used["machine"] - ours)
    order = ["gunicorn", "postgres", "redis", "celery", "wrk", "others"]
    return ", ".join(f"{group} {used.get(group, 0.0) / seconds:.2f}" for group in order)


def lost_ids(ids: list[str]) -> tuple[int, int]:
    """(how many 2xx ids have no row, how many rows there are)."""
    from hooklane.webhooks.models import WebhookLog

    found = 0
    for start in range(0, len(ids), 5000):
        found += WebhookLog.objects.filter(id__in=ids[start : start + 5000]).count()
    return len(ids) - found, WebhookLog.objects.count()


def wait_for_drain(provider_id: str, timeout: float) -> tuple[int, float]:
    """Wait for the worker to process every stored log; (still pending, seconds waited)."""
    from hooklane.webhooks.models import WebhookLog

    pending = WebhookLog.objects.filter(
        provider_id=provider_id, status__in=["received", "processing"]
    )
    started = time.monotonic()
    while (count := pending.count()) and time.monotonic() - started < timeout:
        time.sleep(1)
    return count, time.monotonic() - started


def machine() -> str:
    model = "unknown CPU"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {model}, {platform.system()} {platform.release()}"


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--events", type=int, default=80_000, help="pre-signed events for wrk")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--celery-concurrency", type=int, default=1)
    parser.add_argument("--rate", type=float, default=500, help="offered rate of the open loop")
    parser.add_argument("--rate-duration", type=int, default=20)
    parser.add_argument("--rate-concurrency", type=int, default=64)
    parser.add_argument(
        "--drain-timeout", type=int, default=300, help="seconds to await the worker"
    )
    args = parser.parse_args(sys.argv[1:])
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (.ci/run installs it)")

    from stack import free_port

    provider_id, path = setup_database()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    print(f"machine: {machine()}; load average before: {os.getloadavg()[0]:.2f}")
    print(
        f"server: gunicorn {args.workers} x {args.worker_class} ({args.threads} thread(s)), "
        f"Celery worker concurrency {args.celery_concurrency}, DEBUG off; wrk "
        f"{args.wrk_threads} thread(s), {args.connections} connections, {args.duration} s"
    )

    events = presign(args.events, "a")
    check_against_stripe_library(events)
    requests_file = tmp / "requests.tsv"
    with requests_file.open("wb") as out:
        for signature, body in events:
            out.write(signature.encode() + b"\t" + body + b"\n")
    del events
    rate_events = presign(int(args.rate * args.rate_duration), "r")

    processes = start(args, port, tmp)
    try:
        wrk(f"{url}/healthz", argparse.Namespace(**{**vars(args), "duration": 2}), "plain.lua")
        ids_file = tmp / "ids.txt"
        before = _process_groups(port)
        ingest = wrk(
            f"{url}{path}",
            args,
            "ingest.lua",
            str(requests_file),
            str(args.wrk_threads),
            env={"BENCH_IDS_FILE": str(ids_file)},
        )
        ingest_cpu = cpu_split(before, _process_groups(port), ingest["duration_us"] / 1e6)
        before = _process_groups(port)
        healthz = wrk(f"{url}/healthz", args, "plain.lua")
        healthz_cpu = cpu_split(before, _process_groups(port), healthz["duration_us"] / 1e6)
        at_rate = fixed_rate(port, path, rate_events, args.rate, args.rate_concurrency)
        ids = ids_file.read_text().split() + at_rate["ids"]
        lost, rows = lost_ids(ids)
        pending, waited = wait_for_drain(provider_id, timeout=args.drain_timeout)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"load average after: {os.getloadavg()[0]:.2f}")
    seconds = ingest["duration_us"] / 1e6
    accepted_per_s = ingest["accepted"] / seconds
    healthz_per_s = healthz["requests"] / (healthz["duration_us"] / 1e6)
    ratio = accepted_per_s / healthz_per_s
    ms = {key: ingest[key] / 1000 for key in ("p50_us", "p95_us", "p99_us", "max_us")}
    hms = {key: healthz[key] / 1000 for key in ("p50_us", "p95_us", "p99_us", "max_us")}
    accepted_total = ingest["accepted"] + at_rate["accepted"]
    print()
    print(f"{'run':<22} {'per s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    print(
        f"{'ingest (wrk)':<22} {accepted_per_s:9.0f} {ms['p50_us']:8.1f} {ms['p95_us']:8.1f} "
        f"{ms['p99_us']:8.1f} {ms['max_us']:8.1f}"
    )
    print(
        f"{'healthz (wrk)':<22} {healthz_per_s:9.0f} {hms['p50_us']:8.1f} {hms['p95_us']:8.1f} "
        f"{hms['p99_us']:8.1f} {hms['max_us']:8.1f}"
    )
    print(
        f"{'ingest at ' + str(int(args.rate)) + '/s (open)':<22} {at_rate['achieved_per_s']:9.0f} "
        f"{at_rate['p50_ms']:8.1f} {at_rate['p95_ms']:8.1f} {at_rate['p99_ms']:8.1f} "
        f"{at_rate['max_ms']:8.1f}"
    )
    print()
    print(
        f"accepted/s {accepted_per_s:.0f} (target >= {TARGETS['accepted_per_s']}: "
        f"{verdict(accepted_per_s >= TARGETS['accepted_per_s'])}); "
        f"ingest/healthz {ratio:.2f} (target >= {TARGETS['ratio']}: "
        f"{verdict(ratio >= TARGETS['ratio'])}); p99 at {args.rate:.0f}/s "
        f"{at_rate['p99_ms']:.1f} ms (target < {TARGETS['p99_ms_at_rate']}: "
        f"{verdict(at_rate['p99_ms'] < TARGETS['p99_ms_at_rate'])})"
    )
    print(
        f"2xx accepted: {ingest['accepted']} (wrk) + {at_rate['accepted']} (open loop) = "
        f"{accepted_total}; rows found for them: {len(ids) - lost} of {len(ids)}; "
        f"rows in the table: {rows}; lost: {lost}"
    )
    print(
        f"not accepted: {ingest['refused']} non-2xx, {ingest['duplicates']} duplicates, "
        f"{ingest['socket_errors']} socket errors (wrk); {at_rate['other']} (open loop); "
        f"events reused because the pre-signed set ran out: {ingest['wrapped']}"
    )
    print(f"cores used during the ingest run: {ingest_cpu}")
    print(f"cores used during the healthz run: {healthz_cpu}")
    print(
        f"worker: {'all processed' if not pending else f'{pending} still pending'} "
        f"{waited:.0f} s after the last request"
    )
    failed = lost or ingest["refused"] or at_rate["other"] or ingest["wrapped"]
    if failed:
        print("FAILED: lost or refused webhooks, or too few pre-signed events (see above)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
