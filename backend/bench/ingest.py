"""Ingest benchmark: accepted webhooks per second, latency, and proof that no 2xx was lost.

`make bench` (or `make bench ARGS='ingest --duration 20 --rounds 4'`) runs this on a throwaway
stack that flushes like production (fsync and synchronous_commit on): gunicorn with DEBUG
off, a Celery worker, and a minimal Django project behind the same server settings as the
reference for `/healthz`. Each round measures, back to back, ingest with keep-alive and with a
new connection per request, Hooklane's `/healthz` and the minimal project's both ways, and
ingest with fsync and synchronous_commit switched off (reported on a line of its own); then an
open-loop client offers a fixed rate for tail latency. `--levers` adds, interleaved in the
same rounds, granian in place of gunicorn (same workers and threads) and group commit
(`commit_delay`/`commit_siblings`). Every 2xx id must be a row in PostgreSQL; a missing one is
a lost webhook and the run exits 1. Figures on a shared machine are noisy: compare the
variants of one run (ratios), not runs.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import itertools
import json
import os
import secrets
import shutil
import statistics
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
HERE = Path(__file__).resolve().parent
# What group commit is measured with (--levers): wait up to 0.5 ms before a WAL flush when
# five other transactions are open, so one flush can carry their commits too.
GROUP_COMMIT = {"commit_delay": "500", "commit_siblings": "5"}
PRODUCTION_DURABILITY = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}
NO_DURABILITY = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
NO_GROUP_COMMIT = {"commit_delay": "0", "commit_siblings": "5"}


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


def server_command(kind: str, app: str, port: int, args: argparse.Namespace) -> list[str]:
    """`app` ("config.wsgi" or "minimal_site.wsgi") behind gunicorn gthread or granian, with
    the same worker processes and threads per worker."""
    bin_dir = Path(sys.executable).parent
    if kind == "gunicorn":
        return [
            str(bin_dir / "gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--backlog",
            "2048",
        ]
    return [
        str(bin_dir / "granian"),
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(args.workers),
        "--blocking-threads",
        str(args.threads),
        "--backlog",
        "2048",
        "--no-ws",
        "--log-level",
        "warning",
        f"{app}:application",
    ]


def start_worker(args: argparse.Namespace, env: dict, log) -> subprocess.Popen:
    bin_dir = Path(sys.executable).parent
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
    return subprocess.Popen(worker, cwd=BACKEND, env=env, stdout=log, stderr=subprocess.STDOUT)


def start_server(kind: str, app: str, args, port: int, env: dict, log) -> subprocess.Popen:
    cwd = BACKEND if app == "config.wsgi" else HERE
    if app != "config.wsgi":
        env = {**env, "DJANGO_SETTINGS_MODULE": "minimal_site.settings"}
    process = subprocess.Popen(
        server_command(kind, app, port, args),
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return wait_for_web(port, [process], log.name)[0]


def set_postgres(values: dict[str, str]) -> None:
    """Change server settings for every session (ALTER SYSTEM, then a reload): the web
    processes' open connections take them at their next statement."""
    from django.db import connection

    with connection.cursor() as cursor:
        for name, value in values.items():
            cursor.execute(f"ALTER SYSTEM SET {name} = '{value}'")
        cursor.execute("SELECT pg_reload_conf()")
    time.sleep(1)


def write_requests(path: Path, count: int, prefix: str) -> None:
    with path.open("wb") as out:
        for signature, body in presign(count, prefix):
            out.write(signature.encode() + b"\t" + body + b"\n")


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


def summarise(cells: list[dict]) -> dict:
    """The median of a variant's rounds, with the range."""
    values = [cell["per_s"] for cell in cells]
    keys = ("p50_ms", "p99_ms", "cpu_ms")
    return {
        "per_s": statistics.median(values),
        "low": min(values),
        "high": max(values),
        **{key: statistics.median(cell[key] for cell in cells) for key in keys},
        "cpu": {
            group: statistics.median(cell["cpu"].get(group, 0.0) for cell in cells)
            for group in ("web", "postgres", "redis", "celery")
        },
        "cores": cells[-1]["cores"],
    }


def main() -> int:  # noqa: C901, PLR0915 - one run, told in order
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--events", type=int, default=40_000, help="pre-signed per ingest run")
    parser.add_argument("--workers", type=int, default=3, help="server worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per server worker")
    parser.add_argument(
        "--server", default="gunicorn", choices=["gunicorn", "granian"], help="production's"
    )
    parser.add_argument(
        "--levers", action="store_true", help="also granian and group commit, interleaved"
    )
    parser.add_argument("--celery-concurrency", type=int, default=1)
    parser.add_argument(
        "--celery-nice", type=int, default=10, help="the worker drains in the gaps of ingest"
    )
    parser.add_argument("--rate", type=float, default=500, help="offered rate of the open loop")
    parser.add_argument("--rate-duration", type=int, default=20)
    parser.add_argument("--rate-concurrency", type=int, default=64)
    parser.add_argument(
        "--drain-timeout", type=int, default=120, help="seconds to await the worker"
    )
    args = parser.parse_args(sys.argv[1:])
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (`make bench` does as root)")

    from stack import free_port

    provider_id, path = setup_database()
    set_postgres({**PRODUCTION_DURABILITY, **NO_GROUP_COMMIT})
    servers = [args.server] + (
        [other for other in ("gunicorn", "granian") if other != args.server] if args.levers else []
    )
    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    log = (tmp / "servers.log").open("ab")
    print(f"machine: {machine()}; load average before: {os.getloadavg()[0]:.2f}")
    print(
        f"servers: {', '.join(servers)} ({args.workers} workers x {args.threads} threads), "
        f"DEBUG off; Celery worker concurrency {args.celery_concurrency} at nice "
        f"{args.celery_nice}; wrk {args.wrk_threads} thread(s), {args.connections} "
        f"connections, {args.duration} s a run, {args.rounds} interleaved round(s); "
        "PostgreSQL fsync and synchronous_commit on unless a line says otherwise"
    )
    check_against_stripe_library(presign(1, "check"))
    processes: list[subprocess.Popen] = []
    ports: dict[tuple[str, str], int] = {}
    cells: dict[str, list[dict]] = {}
    ids: list[str] = []
    counts = {"refused": 0, "duplicates": 0, "socket_errors": 0, "wrapped": 0}
    serial = itertools.count()
    try:
        env = server_env(0)
        processes.append(start_worker(args, env, log))
        trees = {"celery": processes[0].pid}
        for kind in servers:
            for app in ("config.wsgi", "minimal_site.wsgi"):
                port = free_port()
                processes.append(start_server(kind, app, args, port, server_env(port), log))
                ports[(kind, app)] = port

        def measure(label: str, kind: str, app: str, close: bool, ingest: bool) -> None:
            port = ports[(kind, app)]
            url = f"http://127.0.0.1:{port}"
            run_env = {"BENCH_CLOSE": "1" if close else "0"}
            own = {**trees, "web": processes[1 + list(ports).index((kind, app))].pid}
            if ingest:
                requests_file = tmp / "requests.tsv"
                write_requests(requests_file, args.events, f"{next(serial):03d}")
                ids_file = tmp / "ids.txt"
                before = process_cpu(own)
                result = wrk(
                    f"{url}{path}",
                    args,
                    "ingest.lua",
                    str(requests_file),
                    str(args.wrk_threads),
                    env={**run_env, "BENCH_IDS_FILE": str(ids_file)},
                )
                used = cpu_used(before, process_cpu(own))
                ids.extend(ids_file.read_text().split())
                for key in counts:
                    counts[key] += result[key]
                done = result["accepted"]
            else:
                before = process_cpu(own)
                result = wrk(f"{url}/healthz", args, "plain.lua", env=run_env)
                used = cpu_used(before, process_cpu(own))
                counts["refused"] += result["non_2xx"]
                counts["socket_errors"] += result["socket_errors"]
                done = result["requests"] - result["non_2xx"]
            seconds = result["duration_us"] / 1e6
            stack_cpu = sum(used.get(group, 0.0) for group in ("web", "postgres", "redis"))
            cells.setdefault(label, []).append(
                {
                    "per_s": done / seconds,
                    "p50_ms": result["p50_us"] / 1000,
                    "p99_ms": result["p99_us"] / 1000,
                    "cpu_ms": 1000 * stack_cpu / max(done, 1),
                    "cpu": {group: 1000 * value / max(done, 1) for group, value in used.items()},
                    "cores": cores(used, seconds),
                }
            )

        # Warm every server and PostgreSQL's caches before anything counts.
        for kind, app in ports:
            wrk(
                f"http://127.0.0.1:{ports[(kind, app)]}/healthz",
                argparse.Namespace(**{**vars(args), "duration": 2}),
                "plain.lua",
            )
        for round_no in range(args.rounds):
            # Alternate the order, so no variant always runs on the fuller table.
            order = servers if round_no % 2 == 0 else list(reversed(servers))
            for kind in order:
                for close in (False, True):
                    how = "new connection" if close else "keep-alive"
                    measure(f"{kind} ingest, {how}", kind, "config.wsgi", close, True)
                    measure(f"{kind} healthz, {how}", kind, "config.wsgi", close, False)
                    measure(
                        f"{kind} minimal Django healthz, {how}",
                        kind,
                        "minimal_site.wsgi",
                        close,
                        False,
                    )
            if args.levers:
                set_postgres(GROUP_COMMIT)
                measure(
                    f"{args.server} ingest, keep-alive, group commit",
                    args.server,
                    "config.wsgi",
                    False,
                    True,
                )
                set_postgres(NO_GROUP_COMMIT)
            set_postgres(NO_DURABILITY)
            measure(
                f"{args.server} ingest, keep-alive, fsync off",
                args.server,
                "config.wsgi",
                False,
                True,
            )
            set_postgres(PRODUCTION_DURABILITY)
        at_rate = {}
        for kind in servers:
            port = ports[(kind, "config.wsgi")]
            rate_events = presign(int(args.rate * args.rate_duration), f"r{kind}")
            at_rate[kind] = fixed_rate(
                port, stripe_requests(port, path, rate_events), args.rate, args.rate_concurrency
            )
            ids.extend(at_rate[kind]["ids"])
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
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"load average after: {os.getloadavg()[0]:.2f}")
    summary = {label: summarise(runs) for label, runs in cells.items()}
    print()
    print(
        f"{'run (median of rounds)':<52} {'per s':>7} {'range':>13} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'CPU ms':>7}"
    )
    for label, row in summary.items():
        print(
            f"{label:<52} {row['per_s']:7.0f} {row['low']:6.0f}-{row['high']:<6.0f} "
            f"{row['p50_ms']:7.1f} {row['p99_ms']:7.1f} {row['cpu_ms']:7.2f}"
        )
    for kind, result in at_rate.items():
        print(
            f"{kind + ' ingest at ' + str(int(args.rate)) + '/s offered (open loop)':<52} "
            f"{result['achieved_per_s']:7.0f} {'':13} {result['p50_ms']:7.1f} "
            f"{result['p99_ms']:7.1f}"
        )
    print("(CPU ms: web server + PostgreSQL + Redis CPU per answered request, wrk left out)")
    print()

    def ratio(kind: str, how: str, reference: str) -> list[float]:
        ingest = cells[f"{kind} ingest, {how}"]
        other = cells[f"{kind} {reference}, {how}"]
        return [a["per_s"] / b["per_s"] for a, b in zip(ingest, other, strict=True)]

    production = args.server
    keep = summary[f"{production} ingest, keep-alive"]
    fresh = summary[f"{production} ingest, new connection"]
    ratios = {how: ratio(production, how, "healthz") for how in ("keep-alive", "new connection")}
    worst = min(statistics.median(values) for values in ratios.values())
    print(
        f"ingest at production durability ({production}): {keep['per_s']:.0f}/s keep-alive, "
        f"{fresh['per_s']:.0f}/s new connection per request (target >= "
        f"{TARGETS['accepted_per_s']}: "
        f"{verdict(min(keep['per_s'], fresh['per_s']) >= TARGETS['accepted_per_s'])}); "
        "ingest/healthz in the same rounds "
        + ", ".join(
            f"{how} {statistics.median(values):.2f} ({'-'.join(f'{v:.2f}' for v in values)})"
            for how, values in ratios.items()
        )
        + f" (target >= {TARGETS['ratio']}: {verdict(worst >= TARGETS['ratio'])})"
    )
    off = summary[f"{production} ingest, keep-alive, fsync off"]
    print(
        f"ingest with fsync and synchronous_commit off (not what production pays): "
        f"{off['per_s']:.0f}/s keep-alive, {off['per_s'] / keep['per_s']:.2f}x the durable figure"
    )
    for how in ("keep-alive", "new connection"):
        ours = [c["per_s"] for c in cells[f"{production} healthz, {how}"]]
        plain = [c["per_s"] for c in cells[f"{production} minimal Django healthz, {how}"]]
        each = [a / b for a, b in zip(ours, plain, strict=True)]
        print(
            f"/healthz against a minimal Django project ({how}): "
            f"{statistics.median(ours):.0f}/s vs {statistics.median(plain):.0f}/s, ratio "
            f"{statistics.median(each):.2f} ({'-'.join(f'{v:.2f}' for v in each)}; target >= "
            f"1: {verdict(statistics.median(each) >= 1)})"
        )
    if args.levers:
        other = servers[1]
        for what in ("ingest", "healthz"):
            for how in ("keep-alive", "new connection"):
                a = [c["per_s"] for c in cells[f"{other} {what}, {how}"]]
                b = [c["per_s"] for c in cells[f"{production} {what}, {how}"]]
                each = [x / y for x, y in zip(a, b, strict=True)]
                print(
                    f"{other} / {production}, {what}, {how}: "
                    f"{'-'.join(f'{v:.2f}' for v in each)} (median {statistics.median(each):.2f})"
                )
        a = [c["per_s"] for c in cells[f"{production} ingest, keep-alive, group commit"]]
        b = [c["per_s"] for c in cells[f"{production} ingest, keep-alive"]]
        each = [x / y for x, y in zip(a, b, strict=True)]
        print(
            f"group commit ({', '.join(f'{k}={v}' for k, v in GROUP_COMMIT.items())}) / none, "
            f"ingest keep-alive: {'-'.join(f'{v:.2f}' for v in each)} "
            f"(median {statistics.median(each):.2f})"
        )
    p99 = at_rate[production]["p99_ms"]
    print(
        f"p99 at {args.rate:.0f}/s offered ({production}): {p99:.1f} ms "
        f"(target < {TARGETS['p99_ms_at_rate']}: {verdict(p99 < TARGETS['p99_ms_at_rate'])})"
    )
    cpu = keep["cpu"]
    print(
        f"CPU per accepted webhook ({production}, keep-alive, durable): "
        + ", ".join(f"{group} {cpu[group]:.2f} ms" for group in ("web", "postgres", "redis"))
        + f" (the Celery worker, draining beside it: {cpu['celery']:.2f} ms)"
    )
    print(f"cores during the last such run: {keep['cores']}")
    print(
        f"2xx accepted and rows found for them: {len(ids) - lost} of {len(ids)}; rows in the "
        f"table: {rows}; lost: {lost}; not accepted: {counts['refused']} non-2xx, "
        f"{counts['duplicates']} duplicates, {counts['socket_errors']} socket errors; "
        f"events reused because a pre-signed set ran out: {counts['wrapped']}"
    )
    print(
        f"worker: {'all processed' if not pending else f'{pending} still pending'} "
        f"{waited:.0f} s after the last request"
    )
    failed = (
        lost or counts["refused"] or counts["wrapped"] or any(r["other"] for r in at_rate.values())
    )
    if failed:
        print("FAILED: lost or refused webhooks, or too few pre-signed events (see above)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
