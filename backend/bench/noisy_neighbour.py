"""Noisy-neighbour benchmark: one organization's flood and slow receiver against another's latency.

`make bench ARGS='noisy-neighbour'` (options: `--rate-a 300 --rate-b 20 --duration 20
--baseline 10`) runs on the throwaway stack, with the work classes apart as `make run` has
them: gunicorn (DEBUG off), a prefork Celery pool per work class (scripts/run.py; set
CELERY_*_CONCURRENCY to change them) and beat. Organization B first sends alone at
`--rate-b` (the baseline); then
organization A offers `--rate-a` on top, half of it `invoice.*` to a healthy receiver and
half `charge.*` to a destination that answers one byte per second (timeout 5 s). It prints
B's receipt-to-delivery p50/p99 alone and beside A, A's healthy half, what the trickling
destination held, and exits 1 if any webhook was lost: every accepted webhook stored, and
each of B's and of A's healthy half delivered (A's trickling half stays retrying).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import multiprocessing
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _load import bench_provider, serve_until_sigterm, server_env, wait_for_web
from delivery import (
    BACKEND,
    _offer,
    _receive,
    cpu_seconds,
    latencies,
    machine,
    stripe_request,
    wait_delivered,
)


def _make_run_pools() -> dict:
    """scripts/run.py's WORKER_POOLS (loaded by path: this folder has a run.py of its own)."""
    spec = importlib.util.spec_from_file_location("make_run", BACKEND / "scripts" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WORKER_POOLS


WORKER_POOLS = _make_run_pools()
SECRET_A = "whsec_noisy_" + secrets.token_hex(16)
SECRET_B = "whsec_calm_" + secrets.token_hex(16)
TARGET_B_P99_MS = 1000
TRICKLE_TIMEOUT_SECONDS = 5


def _trickle(port: int, out_path: str, ready) -> None:
    """Reads each request, then answers one byte a second for as long as the client stays;
    notes how many connections it had and how many at once at most."""
    seen = {"connections": 0, "open": 0, "most_open": 0}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen["connections"] += 1
        seen["open"] += 1
        seen["most_open"] = max(seen["most_open"], seen["open"])
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.decode("latin-1").split("\r\n")[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            await reader.readexactly(length)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" * 1000:
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(1)
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # the client gave up (its deadline), or the bench is over
        finally:
            seen["open"] -= 1
            writer.close()

    async def serve() -> None:
        await serve_until_sigterm(handle, port, ready)
        Path(out_path).write_text(json.dumps(seen))

    asyncio.run(serve())


def setup_database(healthy_port: int, trickle_port: int) -> tuple[str, str]:
    noisy = bench_provider("Noisy A", SECRET_A)  # sets Django up
    calm = bench_provider("Calm B", SECRET_B)
    from hooklane.delivery.services import destination_create

    for provider, name, port, events, timeout in (
        (noisy, "A healthy", healthy_port, ["invoice.*"], 10),
        (noisy, "A trickling", trickle_port, ["charge.*"], TRICKLE_TIMEOUT_SECONDS),
        (calm, "B healthy", healthy_port, ["invoice.*"], 10),
    ):
        destination_create(
            organization=provider.organization,
            name=name,
            url=f"http://127.0.0.1:{port}/hooks",
            provider_ids=[provider.id],
            event_types=events,
            timeout_seconds=timeout,
        )
    return f"/in/{noisy.ingest_key}", f"/in/{calm.ingest_key}"


def start(args: argparse.Namespace, port: int, tmp: Path) -> list[subprocess.Popen]:
    env = server_env(port, DELIVERY_DISPATCH_INTERVAL_SECONDS="1")
    bin_dir = Path(sys.executable).parent
    celery = [str(bin_dir / "celery"), "-A", "config"]
    quiet = ["--loglevel", "WARNING", "--without-mingle", "--without-gossip"]
    # make run's worker pools (scripts/run.py), one per work class on exactly its queue.
    workers = [
        [*celery, "worker", "--pool", "prefork", "-Q", queue, *quiet]
        + ["--concurrency", os.environ.get(variable, default)]
        + ["-n", f"bench-delivery-{work_class}-{os.getpid()}@%h"]
        for work_class, (queue, variable, default) in WORKER_POOLS.items()
    ]
    commands = [
        [str(bin_dir / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(args.web_workers), "--backlog", "2048"],
        *workers,
        [*celery, "beat", "--loglevel", "WARNING", "-s", str(tmp / "beat-schedule")],
    ]
    log = (tmp / "servers.log").open("ab")
    processes = [
        subprocess.Popen(command, cwd=BACKEND, env=env, stdout=log, stderr=subprocess.STDOUT)
        for command in commands
    ]
    return wait_for_web(port, processes, tmp / "servers.log")


def percentiles(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    if not ordered:
        return "none delivered"

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    return f"p50 {pct(50):.0f} ms, p99 {pct(99):.0f} ms, max {ordered[-1] * 1000:.0f} ms"


def p99_ms(seconds: list[float]) -> float:
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000 if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate-a", type=float, default=300, help="A's webhooks per second")
    parser.add_argument("--rate-b", type=float, default=20, help="B's webhooks per second")
    parser.add_argument("--duration", type=int, default=20, help="seconds of A's flood")
    parser.add_argument("--baseline", type=int, default=10, help="seconds of B alone first")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--drain-timeout", type=float, default=180)
    args = parser.parse_args(sys.argv[1:])

    from stack import free_port

    healthy_port, trickle_port, port = free_port(), free_port(), free_port()
    tmp = Path(tempfile.mkdtemp(prefix="bench-noisy-"))
    arrivals_path, trickle_path = tmp / "arrivals.tsv", tmp / "trickle.json"
    receivers = []
    for target, out in ((_receive, arrivals_path), (_trickle, trickle_path)):
        ready = multiprocessing.Event()
        listen = healthy_port if target is _receive else trickle_port
        receiver = multiprocessing.Process(
            target=target, args=(listen, str(out), ready), daemon=True
        )
        receiver.start()
        if not ready.wait(20):
            raise SystemExit("a receiver did not start")
        receivers.append(receiver)
    path_a, path_b = setup_database(healthy_port, trickle_port)
    print(f"machine: {machine()}")
    print(
        f"gunicorn {args.web_workers} sync workers (DEBUG off); Celery: make run's pools ("
        + ", ".join(
            f"{work_class} {os.environ.get(variable, default)}"
            for work_class, (_queue, variable, default) in WORKER_POOLS.items()
        )
        + f" processes), beat; B offers "
        f"{args.rate_b:.0f}/s alone for {args.baseline} s, then A offers {args.rate_a:.0f}/s "
        f"beside it for {args.duration} s (half to a receiver answering 1 byte/s)"
    )
    processes = start(args, port, tmp)
    try:
        # Warm: every process has served its first requests and tasks before anything counts.
        warm = [stripe_request(path_b, port, f"evt_bw{n:06d}", secret=SECRET_B) for n in range(50)]
        wait_delivered(asyncio.run(_offer(port, warm, 25, 4)), args.drain_timeout)
        count_b = int(args.rate_b * args.baseline)
        alone = [
            stripe_request(path_b, port, f"evt_b0{n:07d}", secret=SECRET_B) for n in range(count_b)
        ]
        alone_ids = asyncio.run(_offer(port, alone, args.rate_b, 4))
        wait_delivered(alone_ids, args.drain_timeout)

        count_a, count_b = int(args.rate_a * args.duration), int(args.rate_b * args.duration)
        flood = [
            stripe_request(
                path_a,
                port,
                f"evt_a{n:08d}",
                "invoice.paid" if n % 2 == 0 else "charge.succeeded",
                secret=SECRET_A,
            )
            for n in range(count_a)
        ]
        calm = [
            stripe_request(path_b, port, f"evt_b1{n:07d}", secret=SECRET_B) for n in range(count_b)
        ]

        async def together():
            return await asyncio.gather(
                _offer(port, flood, args.rate_a, args.connections),
                _offer(port, calm, args.rate_b, 4),
            )

        cpu_before = cpu_seconds(port)
        started = time.time()
        a_ids, b_ids = asyncio.run(together())
        offered_for = time.time() - started
        from hooklane.webhooks.models import WebhookLog

        a_types = dict(WebhookLog.objects.filter(id__in=a_ids).values_list("id", "event_type"))
        a_healthy = [i for i in a_ids if a_types.get(_uuid(i)) == "invoice.paid"]
        a_trickled = [i for i in a_ids if a_types.get(_uuid(i)) == "charge.succeeded"]
        undelivered = wait_delivered(b_ids + a_healthy, args.drain_timeout)
        cpu_after = cpu_seconds(port)
        trickling = _trickled_deliveries(a_trickled)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        for receiver in receivers:
            receiver.terminate()
            receiver.join(timeout=20)

    arrivals: dict[str, float] = {}
    for line in arrivals_path.read_text().splitlines():
        webhook_id, at = line.split("\t")
        arrivals[webhook_id] = min(float(at), arrivals.get(webhook_id, float("inf")))
    trickle = json.loads(trickle_path.read_text())
    b_alone, _ = latencies(alone_ids, arrivals)
    b_beside, _ = latencies(b_ids, arrivals)
    a_found, _ = latencies(a_healthy, arrivals)
    lost_b = len(b_ids) - len(b_beside) + len(alone_ids) - len(b_alone)
    lost_a = len(a_healthy) - len(a_found) + len(a_trickled) - trickling["recorded"]
    refused = (count_a - len(a_ids)) + (count_b - len(b_ids)) + (len(alone) - len(alone_ids))

    print()
    print(
        f"accepted by ingest: A {len(a_ids)} of {count_a}, B {len(b_ids)} of {count_b} in "
        f"{offered_for:.1f} s (+ B alone {len(alone_ids)} of {len(alone)}); refused {refused}"
    )
    print(f"B alone:          {percentiles(b_alone)}")
    print(f"B beside A:       {percentiles(b_beside)}")
    ratio = p99_ms(b_beside) / max(p99_ms(b_alone), 0.001)
    print(f"B's p99 beside A / alone: {ratio:.1f}x")
    print(f"A healthy half:   {percentiles(a_found)}")
    print(
        f"A trickling half: {len(a_trickled)} webhooks; the receiver had {trickle['connections']}"
        f" connections, at most {trickle['most_open']} at once; deliveries "
        f"{json.dumps(trickling['by_status'], sort_keys=True)}"
    )
    print(
        f"not delivered or lost: B {lost_b}, A healthy {len(a_healthy) - len(a_found)}, "
        f"A trickling without a delivery {len(a_trickled) - trickling['recorded']}"
    )
    per_webhook = (
        sum(cpu_after[p] - cpu_before[p] for p in cpu_after)
        * 1000
        / max(len(a_ids) + len(b_ids), 1)
    )
    print(f"CPU per webhook of the flood phase: {per_webhook:.1f} ms")
    ok = p99_ms(b_beside) < TARGET_B_P99_MS
    nothing_lost = not (lost_a or lost_b or undelivered or refused)
    print(
        f"targets: B's p99 beside A < {TARGET_B_P99_MS} ms {'ok' if ok else 'MISSED'}; "
        f"nothing lost {'ok' if nothing_lost else 'MISSED'}"
    )
    loadavg = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end {loadavg} (on {os.cpu_count()} cores; other work shares them)")
    print(f"logs of the servers in {tmp}")
    return 0 if nothing_lost else 1


def _uuid(value: str):
    import uuid

    return uuid.UUID(value)


def _trickled_deliveries(log_ids: list[str]) -> dict:
    """How many of the trickling half's webhooks have their delivery recorded, by status."""
    from django.db.models import Count

    from hooklane.delivery.models import Delivery

    by_status: dict[str, int] = {}
    for start in range(0, len(log_ids), 5000):
        rows = (
            Delivery.objects.filter(log_id__in=log_ids[start : start + 5000])
            .values_list("status")
            .annotate(count=Count("id"))
            .order_by()
        )
        for status, count in rows:
            by_status[status] = by_status.get(status, 0) + count
    return {"recorded": sum(by_status.values()), "by_status": by_status}


if __name__ == "__main__":
    sys.exit(main())
