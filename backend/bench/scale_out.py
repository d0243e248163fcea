"""Scale-out benchmark: two web processes and a worker pool per queue against one PostgreSQL
and one Redis, as `docker compose up --scale web=2` runs them; nothing lost or duplicated.

`make bench ARGS='scale-out'` (options: `--rate 100 --duration 20`) starts two gunicorn
servers (each its own port, like two web replicas behind a load balancer), one Celery pool on
the `ingest` queue and one on `deliveries`, and a receiver on 127.0.0.1. An open-loop client
offers Stripe-signed webhooks at a fixed rate, alternating between the two web servers. It
then checks that every 2xx is exactly one row, every row was delivered, and the receiver saw
every row's `webhook-id` (copies counted), and prints the CPU each part spent per webhook
(`/proc` before and after: web, each pool, PostgreSQL, Redis), which BENCHMARKS.md's capacity
model is built from. Last, with the pools stopped, it queues `--queued` tasks and reads
Redis' `INFO memory` before and after: the memory a waiting task costs. Exits 1 if anything
was lost or stored twice.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _load import server_env, wait_for_web
from _machine import cpu_used, machine, process_cpu
from delivery import _offer, _receive, latencies, setup_database, stripe_request, wait_delivered

BACKEND = Path(__file__).resolve().parent.parent
GROUPS = ("web", "worker-ingest", "worker-deliveries", "postgres", "redis")


def start(args: argparse.Namespace, ports: list[int], log) -> dict[str, subprocess.Popen]:
    bin_dir = Path(sys.executable).parent
    processes = {}
    for n, port in enumerate(ports):
        web = [str(bin_dir / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"]
        web += ["--workers", str(args.web_workers), "--worker-class", "gthread"]
        web += ["--threads", "4", "--backlog", "2048"]
        processes[f"web-{n}"] = subprocess.Popen(
            web, cwd=BACKEND, env=server_env(port), stdout=log, stderr=subprocess.STDOUT
        )
    for queue, concurrency in (("ingest", args.ingest_pool), ("deliveries", args.delivery_pool)):
        worker = [str(bin_dir / "celery"), "-A", "config", "worker", "-Q", queue]
        worker += ["--pool", "prefork", "--concurrency", str(concurrency), "--loglevel"]
        worker += ["WARNING", "--without-mingle", "--without-gossip"]
        worker += ["-n", f"bench-scale-{queue}-{os.getpid()}@%h"]
        processes[f"worker-{queue}"] = subprocess.Popen(
            worker, cwd=BACKEND, env=server_env(ports[0]), stdout=log, stderr=subprocess.STDOUT
        )
    for n, port in enumerate(ports):
        wait_for_web(port, [processes[f"web-{n}"]], log.name)
    return processes


def trees(processes: dict[str, subprocess.Popen]) -> dict[str, int]:
    """process_cpu's groups: each web server under its own name (summed below)."""
    return {name: process.pid for name, process in processes.items()}


async def offer_to_both(ports, path, count, rate, connections) -> list[str]:
    """Request i goes to server i % 2, at start + i / rate: one open loop over both."""
    halves = [
        [stripe_request(path, port, f"evt_s{n:08d}") for n in range(i, count, len(ports))]
        for i, port in enumerate(ports)
    ]
    due = [[n / rate for n in range(i, count, len(ports))] for i in range(len(ports))]
    results = await asyncio.gather(
        *(
            _offer(port, half, rate, connections // len(ports), due=offsets)
            for port, half, offsets in zip(ports, halves, due, strict=True)
        )
    )
    return [log_id for result in results for log_id in result]


def redis_per_task(count: int) -> tuple[float, int]:
    """Queue `count` process_webhook tasks (no worker running) the way ingest does, in the
    organization's lane; (bytes of Redis memory per task, the queue's length)."""
    import redis
    from django.conf import settings

    from hooklane.core import broker
    from hooklane.webhooks.models import WebhookLog

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    log = WebhookLog.objects.order_by("received_at").first()
    before = client.info("memory")["used_memory"]
    for start in range(0, count, 1000):
        calls = [[str(log.id)] for _ in range(min(1000, count - start))]
        broker.enqueue(
            "hooklane.delivery.tasks.process_webhook", *calls, tenant=log.organization_id
        )
    after = client.info("memory")["used_memory"]
    length = sum(client.llen(name) for name in broker.lane_lists("ingest"))
    return (after - before) / count, length


def hot_updates() -> list[tuple[str, int, int]]:
    """(table, updates, of them HOT) for the tables a webhook's trip updates: an update that
    changes an indexed column (webhook_logs.status is in two indexes) cannot be HOT."""
    from django.db import connection

    time.sleep(1)  # backends report their counts at most once a second
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables "
            "WHERE relname IN ('webhook_logs', 'deliveries') ORDER BY relname"
        )
        return cursor.fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100, help="webhooks offered per second")
    parser.add_argument("--duration", type=int, default=20, help="seconds of offered load")
    parser.add_argument("--web-workers", type=int, default=1, help="gunicorn workers per server")
    parser.add_argument("--ingest-pool", type=int, default=1, help="ingest pool processes")
    parser.add_argument("--delivery-pool", type=int, default=2, help="deliveries pool processes")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--drain-timeout", type=float, default=300)
    parser.add_argument("--queued", type=int, default=20_000, help="tasks queued for INFO memory")
    args = parser.parse_args(sys.argv[1:])

    from stack import free_port

    receiver_port, ports = free_port(), [free_port(), free_port()]
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    arrivals_path = tmp / "arrivals.tsv"
    ready = multiprocessing.Event()
    receiver = multiprocessing.Process(
        target=_receive, args=(receiver_port, str(arrivals_path), ready), daemon=True
    )
    receiver.start()
    if not ready.wait(20):
        raise SystemExit("the receiver did not start")
    _provider_id, path = setup_database(receiver_port)
    print(f"machine: {machine()}; load average before: {os.getloadavg()[0]:.2f}")
    print(
        f"2 web servers (gunicorn {args.web_workers} gthread worker(s) x 4 threads each), "
        f"ingest pool {args.ingest_pool} and deliveries pool {args.delivery_pool} prefork "
        f"processes, one PostgreSQL (fsync on) and one Redis; {args.rate:.0f}/s offered for "
        f"{args.duration} s, alternating between the web servers"
    )
    log = (tmp / "servers.log").open("ab")
    processes = start(args, ports, log)
    try:
        count = int(args.rate * args.duration)
        before = process_cpu(trees(processes))
        started = time.time()
        log_ids = asyncio.run(offer_to_both(ports, path, count, args.rate, args.connections))
        offered_for = time.time() - started
        undelivered = wait_delivered(log_ids, args.drain_timeout)
        drained_for = time.time() - started
        used = cpu_used(before, process_cpu(trees(processes)))
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=60)
        receiver.terminate()
        receiver.join(timeout=20)
    bytes_per_task, queued = redis_per_task(args.queued)

    from hooklane.delivery.models import Delivery
    from hooklane.webhooks.models import WebhookLog

    arrivals: dict[str, float] = {}
    copies = 0
    for line in arrivals_path.read_text().splitlines():
        webhook_id, at = line.split("\t")
        copies += webhook_id in arrivals
        arrivals[webhook_id] = min(float(at), arrivals.get(webhook_id, float("inf")))
    found, statuses = latencies(log_ids, arrivals)
    rows = WebhookLog.objects.count()
    deliveries = Delivery.objects.count()
    unique_ids = len(set(log_ids))
    lost = len(log_ids) - len(found)
    used["web"] = sum(value for name, value in used.items() if name.startswith("web-"))
    accepted = max(len(log_ids), 1)
    per_webhook = {group: 1000 * used.get(group, 0.0) / accepted for group in GROUPS}
    print()
    print(
        f"accepted: {len(log_ids)} in {offered_for:.1f} s (2xx ids unique: {unique_ids}); "
        f"rows: {rows}; deliveries: {deliveries}; log statuses: {json.dumps(statuses)}"
    )
    print(
        f"delivered: {len(found)}; not delivered: {lost}; copies at the receiver: {copies}; "
        f"all done {drained_for:.0f} s after the first request"
    )
    print(
        "CPU per webhook (ingest to delivery): "
        + ", ".join(f"{group} {ms:.2f} ms" for group, ms in per_webhook.items())
        + f"; total {sum(per_webhook.values()):.2f} ms (others on the machine: "
        f"{used.get('others', 0.0):.1f} CPU s over the run)"
    )
    print(
        "updates: "
        + "; ".join(
            f"{table} {updates}, HOT {hot} ({100 * hot / max(updates, 1):.0f} %)"
            for table, updates, hot in hot_updates()
        )
    )
    print(
        f"Redis memory per queued process_webhook task: {bytes_per_task:.0f} bytes "
        f"({args.queued} queued, queue length {queued})"
    )
    failed = lost or undelivered or unique_ids != len(log_ids) or rows != len(log_ids)
    if failed:
        print("FAILED: a 2xx without its row, a row stored twice, or a row never delivered")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
