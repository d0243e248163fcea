"""Delivery benchmark: webhooks offered to ingest at a fixed rate, forwarded to a local receiver.

`make bench ARGS='delivery'` (options: `--rate 200 --duration 30 --workers 2 --pool prefork`)
runs on the throwaway stack: gunicorn (DEBUG off) takes Stripe-signed webhooks from an
open-loop client at a fixed rate; 2 Celery worker processes (solo pool: each takes its own
tasks from Redis) route each one and forward it, signed, to a receiver on 127.0.0.1 that
notes when each `webhook-id` arrives. It runs three phases in turn (`--phases`), each to
its own destination: `none` (sent as stored), `filter` (a typical CEL filter that lets it
through) and `transform` (a typical JSONata transformation of body, a header and the
path). For each it prints p50/p95/p99 from receipt (the log's received_at) to delivery
(arrival at the receiver), deliveries per second and CPU per webhook by process, then the
filter's and the transformation's CPU against `none`; it exits 1 if any accepted webhook
was not delivered.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import multiprocessing
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from _load import bench_provider, serve_until_sigterm, server_env, wait_for_web

BACKEND = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BACKEND))
sys.path.insert(0, str(BACKEND / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The receiver is on loopback, and nothing else may be reached.
os.environ["DELIVERY_ALLOW_PRIVATE_DESTINATIONS"] = "true"
os.environ["DELIVERY_LOOPBACK_ONLY"] = "true"

SECRET = "whsec_bench_" + secrets.token_hex(16)
TARGETS = {"p50_ms": 50, "p99_ms": 250}
# One destination per phase, each listening to its own event type: the same webhook, sent
# as it is, through a typical filter (which lets it through), or through a typical
# transformation (body, a header and the path reshaped).
PHASES = {
    "none": {"event_type": "invoice.paid"},
    "filter": {
        "event_type": "invoice.created",
        "filter_expression": (
            'body.type == "invoice.created" && body.data.object.amount_paid >= 1000'
        ),
    },
    "transform": {
        "event_type": "invoice.updated",
        "transformation": '{"body": {"invoice": body.data.object.id, "paid": '
        'body.data.object.amount_paid, "event": body.type}, "headers": {"X-Event": body.type}, '
        '"path": "/invoices/" & body.data.object.id}',
    },
}


# The receiver --------------------------------------------------------------------------------
def _receive(port: int, out_path: str, ready) -> None:
    """A minimal HTTP/1.1 server: notes (webhook-id, arrival time) and answers 200."""
    arrivals: list[tuple[str, float]] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                arrived = time.time()
                headers = {}
                for line in head.decode("latin-1").split("\r\n")[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                await reader.readexactly(int(headers.get("content-length", "0")))
                arrivals.append((headers.get("webhook-id", ""), arrived))
                close = headers.get("connection", "").lower() == "close"
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                    + (b"Connection: close\r\n" if close else b"")
                    + b"\r\nok"
                )
                await writer.drain()
                if close:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def serve() -> None:
        await serve_until_sigterm(handle, port, ready)
        Path(out_path).write_text("".join(f"{wid}\t{at}\n" for wid, at in arrivals))

    asyncio.run(serve())


# Load ------------------------------------------------------------------------------------------
def stripe_request(
    path: str, port: int, event_id: str, event_type: str = "invoice.paid", secret: str = SECRET
) -> bytes:
    now = int(time.time())
    body = json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "created": now,
            "data": {"object": {"id": "in_" + event_id[4:], "amount_paid": 4200}},
        }
    ).encode()
    digest = hmac.new(secret.encode(), f"{now}.".encode() + body, hashlib.sha256).hexdigest()
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Stripe-Signature: t={now},v1={digest}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def _offer(
    port: int,
    requests: list[bytes],
    rate: float,
    concurrency: int,
    due: list[float] | None = None,
) -> list[str]:
    """Open loop: request i is sent at start + i/rate (or at start + due[i]) whatever the
    server does; returns the ids of the logs ingest accepted."""
    queue: asyncio.Queue = asyncio.Queue()
    accepted: list[str] = []
    refused = 0

    async def connection() -> None:
        nonlocal refused
        reader = writer = None
        while (raw := await queue.get()) is not None:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(raw)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            headers = {
                k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])
            }
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            if lines[0].split(" ")[1] == "200":
                accepted.append(json.loads(body)["id"])
            else:
                refused += 1
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader = writer = None
        if writer is not None:
            writer.close()

    workers = [asyncio.create_task(connection()) for _ in range(concurrency)]
    start = time.perf_counter()
    for index, raw in enumerate(requests):
        offset = index / rate if due is None else due[index]
        delay = start + offset - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait(raw)
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    if refused:
        print(f"ingest refused {refused} requests")
    return accepted


# The stack -------------------------------------------------------------------------------------
def setup_database(receiver_port: int, phases: list[str]) -> tuple[str, str]:
    provider = bench_provider("Delivery bench", SECRET)
    from hooklane.delivery.services import destination_create

    organization = provider.organization
    for phase in phases:
        settings = dict(PHASES[phase])
        destination_create(
            organization=organization,
            name=f"Bench receiver ({phase})",
            url=f"http://127.0.0.1:{receiver_port}/hooks",
            provider_ids=[provider.id],
            event_types=[settings.pop("event_type")],
            **settings,
        )
    return str(provider.id), f"/in/{provider.ingest_key}"


def start(args: argparse.Namespace, port: int, log_path: Path) -> list[subprocess.Popen]:
    env = server_env(port)
    # `-m` with this interpreter: a console script's shebang may name another environment.
    web = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    web += ["--workers", str(args.web_workers), "--backlog", "2048"]
    # Solo: N workers, each running its tasks itself. Prefork: one worker whose parent hands
    # tasks to N children, which cost 0.4 ms more per task in the hand-over (no-op tasks).
    solo = args.pool == "solo"
    workers = []
    for n in range(args.workers if solo else 1):
        worker = [sys.executable, "-m", "celery", "-A", "config", "worker"]
        worker += ["-Q", "ingest,deliveries"]
        worker += ["--pool", args.pool, "--loglevel", "WARNING", "--without-mingle"]
        worker += ["--concurrency", "1" if solo else str(args.workers), "--without-gossip"]
        worker += ["-n", f"bench-delivery-{os.getpid()}-{n}@%h"]
        workers.append(worker)
    log = log_path.open("ab")
    processes = [
        subprocess.Popen(command, cwd=BACKEND, env=env, stdout=log, stderr=subprocess.STDOUT)
        for command in [web, *workers]
    ]
    return wait_for_web(port, processes, log_path)


def wait_delivered(log_ids: list[str], timeout: float) -> int:
    """Wait until every log is delivered (or failed); returns how many are not."""
    from hooklane.webhooks.models import WebhookLog

    deadline = time.monotonic() + timeout
    while True:
        open_logs = sum(
            WebhookLog.objects.filter(id__in=log_ids[i : i + 5000])
            .exclude(status__in=["delivered", "failed"])
            .count()
            for i in range(0, len(log_ids), 5000)
        )
        if not open_logs or time.monotonic() > deadline:
            return open_logs
        time.sleep(0.5)


def latencies(log_ids: list[str], arrivals: dict[str, float]) -> tuple[list[float], dict]:
    from hooklane.delivery.models import Delivery
    from hooklane.webhooks.models import WebhookLog

    received, webhook_ids, statuses = {}, {}, {}
    for i in range(0, len(log_ids), 5000):
        chunk = log_ids[i : i + 5000]
        for log_id, at, status in WebhookLog.objects.filter(id__in=chunk).values_list(
            "id", "received_at", "status"
        ):
            received[str(log_id)] = at.timestamp()
            statuses[status] = statuses.get(status, 0) + 1
        for delivery_id, log_id in Delivery.objects.filter(log_id__in=chunk).values_list(
            "id", "log_id"
        ):
            webhook_ids[str(log_id)] = f"msg_{delivery_id.hex}"
    found = [
        arrivals[webhook_ids[log_id]] - received[log_id]
        for log_id in log_ids
        if log_id in webhook_ids and webhook_ids[log_id] in arrivals
    ]
    return found, statuses


def cpu_seconds(web_port: int) -> dict[str, float]:
    """CPU time used so far by this run's processes, per part of the stack (from /proc).

    Other work on the machine runs its own PostgreSQL and Redis: ours are told apart by
    the stack directory and the Redis port, gunicorn by its port, Celery by its name."""
    tick = os.sysconf("SC_CLK_TCK")
    stack_dir = os.environ.get("HOOKLANE_STACK_DIR", "?")
    redis_port = os.environ.get("REDIS_URL", "").rsplit(":", 1)[-1].split("/")[0]
    processes = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            cpu = (int(fields[11]) + int(fields[12])) / tick
            processes[int(entry.name)] = (command, int(fields[1]), cpu)
    postmasters = {
        pid
        for pid, (command, _, _) in processes.items()
        if stack_dir in command and " -D " in command
    }
    parts = {"celery": 0.0, "gunicorn": 0.0, "postgres": 0.0, "redis": 0.0}
    for pid, (command, parent, cpu) in processes.items():
        # This run's workers only: another checkout may be running this benchmark too.
        if f"bench-delivery-{os.getpid()}-" in command:
            parts["celery"] += cpu
        elif "gunicorn" in command and f"127.0.0.1:{web_port}" in command:
            parts["gunicorn"] += cpu
        elif pid in postmasters or parent in postmasters:
            parts["postgres"] += cpu
        elif "redis-server" in command and f":{redis_port}" in command:
            parts["redis"] += cpu
    return parts


def machine() -> str:
    model = "unknown CPU"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {model}, {platform.system()} {platform.release()}"


def pct(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000 if ordered else 0


def run_phase(args, port: int, path: str, phase: str) -> dict:
    """Offer the load of one phase and wait for it to drain; CPU is read around it."""
    event_type = PHASES[phase]["event_type"]
    count = int(args.rate * args.duration)
    load = [stripe_request(path, port, f"evt_{phase[0]}{n:08d}", event_type) for n in range(count)]
    cpu_before = cpu_seconds(port)
    started = time.time()
    log_ids = asyncio.run(_offer(port, load, args.rate, args.connections))
    offered_for = time.time() - started
    undelivered = wait_delivered(log_ids, args.drain_timeout)
    cpu_after = cpu_seconds(port)
    return {
        "phase": phase,
        "log_ids": log_ids,
        "started": started,
        "ended": time.time(),
        "offered_for": offered_for,
        "undelivered": undelivered,
        "cpu": {part: cpu_after[part] - cpu_before[part] for part in cpu_after},
    }


def report(args, result: dict, arrivals: dict[str, float], copies: int) -> bool:
    """Print one phase's figures; returns whether nothing was lost."""
    log_ids = result["log_ids"]
    found, statuses = latencies(log_ids, arrivals)
    ordered = sorted(found)
    window = sorted(at for at in arrivals.values() if result["started"] <= at <= result["ended"])
    per_s = len(window) / (window[-1] - window[0]) if len(window) > 1 else 0.0
    lost = len(log_ids) - len(found)
    offered_for = result["offered_for"]
    print()
    print(f"== {result['phase']}: {describe(result['phase'])}")
    print(
        f"accepted by ingest: {len(log_ids)} in {offered_for:.1f} s "
        f"({len(log_ids) / offered_for:.0f}/s offered {args.rate:.0f}/s)"
    )
    print(f"log statuses: {json.dumps(statuses, sort_keys=True)}")
    print(f"delivered: {len(found)}; not delivered: {lost}; duplicate arrivals: {copies}")
    print(f"deliveries per second at the receiver: {per_s:.0f}")
    print(
        f"receipt -> delivery: p50 {pct(ordered, 50):.1f} ms, p95 {pct(ordered, 95):.1f} ms, "
        f"p99 {pct(ordered, 99):.1f} ms, max {ordered[-1] * 1000 if ordered else 0:.1f} ms"
    )
    ok50, ok99 = pct(ordered, 50) < TARGETS["p50_ms"], pct(ordered, 99) < TARGETS["p99_ms"]
    nothing_lost = not lost and not result["undelivered"]
    print(
        f"targets: p50 < {TARGETS['p50_ms']} ms {'ok' if ok50 else 'MISSED'}; "
        f"p99 < {TARGETS['p99_ms']} ms {'ok' if ok99 else 'MISSED'}; "
        f"nothing lost {'ok' if nothing_lost else 'MISSED'}"
    )
    per_webhook = {
        part: seconds * 1000 / max(len(log_ids), 1) for part, seconds in result["cpu"].items()
    }
    result["per_webhook"] = per_webhook
    print(
        "CPU per webhook: "
        + ", ".join(f"{part} {ms:.1f} ms" for part, ms in per_webhook.items())
        + f" (total {sum(per_webhook.values()):.1f} ms: the stack's ceiling is about "
        f"{os.cpu_count() * 1000 / max(sum(per_webhook.values()), 0.1):.0f}/s on idle cores)"
    )
    return nothing_lost


def describe(phase: str) -> str:
    settings = PHASES[phase]
    if "filter_expression" in settings:
        return f"filter `{settings['filter_expression']}`"
    if "transformation" in settings:
        return f"transformation `{settings['transformation']}`"
    return "no filter, no transformation"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200, help="webhooks offered per second")
    parser.add_argument("--duration", type=int, default=30, help="seconds of load per phase")
    parser.add_argument("--warmup", type=int, default=200, help="webhooks before measuring")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--pool", choices=["prefork", "solo"], default="solo")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--drain-timeout", type=float, default=180)
    parser.add_argument(
        "--phases",
        default="none,filter,transform",
        help="comma-separated, in order: none, filter, transform",
    )
    args = parser.parse_args(sys.argv[1:])
    phases = [phase.strip() for phase in args.phases.split(",") if phase.strip()]
    unknown = sorted(set(phases) - set(PHASES))
    if unknown:
        raise SystemExit(f"unknown phases {unknown}; choose from {', '.join(PHASES)}")

    from stack import free_port

    receiver_port, port = free_port(), free_port()
    tmp = Path(tempfile.mkdtemp(prefix="bench-delivery-"))
    arrivals_path = tmp / "arrivals.tsv"
    ready = multiprocessing.Event()
    receiver = multiprocessing.Process(
        target=_receive, args=(receiver_port, str(arrivals_path), ready), daemon=True
    )
    receiver.start()
    if not ready.wait(20):
        raise SystemExit("the receiver did not start")
    provider_id, path = setup_database(receiver_port, phases)
    print(f"machine: {machine()}")
    print(
        f"ingest: gunicorn {args.web_workers} sync workers, DEBUG off; delivery: "
        f"{args.workers} Celery worker processes ({args.pool} pool; queues ingest + deliveries);"
        f" receiver: asyncio on 127.0.0.1; offered {args.rate:.0f}/s for {args.duration} s "
        f"per phase ({', '.join(phases)})"
    )
    processes = start(args, port, tmp / "servers.log")
    results = []
    try:
        for phase in phases:
            event_type = PHASES[phase]["event_type"]
            warm = [
                stripe_request(path, port, f"evt_w{phase[0]}{n:07d}", event_type)
                for n in range(args.warmup)
            ]
            warm_ids = asyncio.run(_offer(port, warm, min(args.rate, 100), args.connections))
            wait_delivered(warm_ids, args.drain_timeout)
            results.append(run_phase(args, port, path, phase))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        receiver.terminate()
        receiver.join(timeout=20)

    arrivals: dict[str, float] = {}
    copies = 0
    for line in arrivals_path.read_text().splitlines():
        webhook_id, at = line.split("\t")
        if webhook_id in arrivals:
            copies += 1
        arrivals[webhook_id] = min(float(at), arrivals.get(webhook_id, float("inf")))
    ok = all([report(args, result, arrivals, copies) for result in results])
    by_phase = {result["phase"]: result["per_webhook"] for result in results}
    if "none" in by_phase and len(by_phase) > 1:
        print()
        base = by_phase["none"]
        for phase, parts in by_phase.items():
            if phase == "none":
                continue
            celery = parts["celery"] - base["celery"]
            whole = sum(parts.values()) - sum(base.values())
            print(
                f"{phase} vs none, CPU per webhook: celery {celery:+.2f} ms, "
                f"whole stack {whole:+.2f} ms"
            )
    loadavg = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end {loadavg} (on {os.cpu_count()} cores; other work shares them)")
    print(f"at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; logs of the servers in {tmp}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
