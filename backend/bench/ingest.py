"""Ingest benchmark: accepted webhooks per second, latency, and proof that no 2xx was lost.

`make bench` (or `make bench ARGS='ingest --duration 30'`) runs this on a throwaway stack:
gunicorn with DEBUG off and a Celery worker, N pre-signed distinct Stripe-style 2 KB events
sent by wrk at fixed concurrency, the same against /healthz, then an open-loop client at a
fixed rate for tail latency. Every 2xx id must be a row in PostgreSQL; a missing one is a
lost webhook and the run exits 1.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _load import bench_provider, fixed_rate, server_env, wait_for_web, wrk
from _machine import cores, cpu_used, machine, process_cpu

BACKEND = Path(__file__).resolve().parent.parent
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


def stripe_requests(port: int, path: str, events: list[tuple[str, bytes]]) -> list[bytes]:
    return [
        (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nStripe-Signature: {signature}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        + body
        for signature, body in events
    ]


def setup_database() -> tuple[str, str]:
    provider = bench_provider("Bench", SECRET)
    return str(provider.id), f"/in/{provider.ingest_key}"


def start(args: argparse.Namespace, port: int, tmp: Path) -> list[subprocess.Popen]:
    env = server_env(port)
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
        "nice",
        "-n",
        str(args.celery_nice),
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
    return wait_for_web(port, processes, tmp / "servers.log")


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


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--events", type=int, default=80_000, help="pre-signed events for wrk")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--worker-class", default="gthread", help="gthread keeps connections")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--celery-concurrency", type=int, default=1)
    parser.add_argument(
        "--celery-nice", type=int, default=10, help="the worker drains in the gaps of ingest"
    )
    parser.add_argument("--rate", type=float, default=500, help="offered rate of the open loop")
    parser.add_argument("--rate-duration", type=int, default=20)
    parser.add_argument("--rate-concurrency", type=int, default=64)
    parser.add_argument(
        "--drain-timeout", type=int, default=300, help="seconds to await the worker"
    )
    args = parser.parse_args(sys.argv[1:])
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (`make bench` does as root)")

    from stack import free_port

    provider_id, path = setup_database()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    print(f"machine: {machine()}; load average before: {os.getloadavg()[0]:.2f}")
    print(
        f"server: gunicorn {args.workers} x {args.worker_class} ({args.threads} thread(s)), "
        f"Celery worker concurrency {args.celery_concurrency} at nice {args.celery_nice}, "
        f"DEBUG off; wrk "
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
        before = process_cpu(port)
        ingest = wrk(
            f"{url}{path}",
            args,
            "ingest.lua",
            str(requests_file),
            str(args.wrk_threads),
            env={"BENCH_IDS_FILE": str(ids_file)},
        )
        ingest_cpu = cpu_used(before, process_cpu(port))
        before = process_cpu(port)
        healthz = wrk(f"{url}/healthz", args, "plain.lua")
        healthz_cpu = cpu_used(before, process_cpu(port))
        at_rate = fixed_rate(
            port, stripe_requests(port, path, rate_events), args.rate, args.rate_concurrency
        )
        ids = ids_file.read_text().split() + at_rate["ids"]
        lost, rows = lost_ids(ids)
        pending, waited = wait_for_drain(provider_id, timeout=args.drain_timeout)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                # A worker still finishing its task on a busy machine must not cost the figures.
                process.kill()
                process.wait()
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
    healthz_seconds = healthz["duration_us"] / 1e6
    print(f"cores used during the ingest run: {cores(ingest_cpu, seconds)}")
    print(f"cores used during the healthz run: {cores(healthz_cpu, healthz_seconds)}")
    # The machine is shared; CPU time per request does not depend on what else runs, so it
    # says what the stack would do on the same cores alone (wrk's own share left out).
    stack = ("gunicorn", "postgres", "redis")
    per_webhook = {group: ingest_cpu.get(group, 0.0) / ingest["accepted"] for group in stack}
    per_healthz = {group: healthz_cpu.get(group, 0.0) / healthz["requests"] for group in stack}
    cpus = os.cpu_count() or 1
    print(
        "CPU per accepted webhook: "
        + ", ".join(f"{group} {1000 * value:.2f} ms" for group, value in per_webhook.items())
        + f"; all {cpus} cores for the stack alone would accept about "
        f"{cpus / sum(per_webhook.values()):.0f}/s"
    )
    print(
        "CPU per healthz request: "
        + ", ".join(f"{group} {1000 * value:.2f} ms" for group, value in per_healthz.items())
        + f"; alone about {cpus / sum(per_healthz.values()):.0f}/s"
    )
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
