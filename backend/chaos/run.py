"""`make chaos`: steady signed traffic through a Hooklane that keeps being broken; nothing lost.

Starts a stack of its own under `.run/chaos-*` (PostgreSQL, Redis, gunicorn with DEBUG off,
two Celery workers, beat) and a receiver on 127.0.0.1 as the destination of a Stripe
provider, offers `--rate` signed webhooks per second for `--duration` seconds, and meanwhile:
kills -9 a gunicorn worker; kills -9 a Celery worker and starts it again; restarts Redis;
stops PostgreSQL (immediate mode, a crash) for `--pg-down` seconds and starts it again; and
a noisy neighbour, a second organization, offers `--noisy-rate` webhooks per second (half
the rate unless told) through the middle of the run to a receiver that answers one byte a
second.
Then it waits (at most `--drain-timeout` seconds) for every stored webhook to be delivered
and prints what was sent and answered, what was stored and delivered, and what the receiver
saw. It exits 1 unless every 2xx has exactly one row and every row reached the receiver
(copies at the receiver are allowed: delivery is at least once), and every 2xx the noisy
neighbour got has its row (its deliveries may still be retrying).

    make chaos                                   # 300/s for 120 s
    make chaos ARGS='--rate 50 --duration 30'    # what `make test` runs
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from cryptography.fernet import Fernet

HERE = Path(__file__).resolve().parent
BACKEND = HERE.parent
REPO = BACKEND.parent
# Run as a script: this folder (the runner's modules), backend/ (Django) and backend/scripts/.
sys.path[:0] = [str(HERE), str(BACKEND), str(BACKEND / "scripts")]

# One real key for this process and the servers it starts (which run with DEBUG off and
# refuse the development key), so they read the secrets it stores.
os.environ.setdefault("SECRETS_ENCRYPTION_KEYS", Fernet.generate_key().decode())

from cluster import Cluster, wait_for_port  # noqa: E402
from stack import free_port  # noqa: E402
from traffic import offer_load  # noqa: E402

SECRET = "whsec_chaos_" + secrets.token_hex(16)


def log(message: str, started: float | None = None) -> None:
    at = f"[{time.monotonic() - started:6.1f}s] " if started is not None else ""
    print(f"chaos: {at}{message}", flush=True)


def setup_django(urls: dict[str, str]) -> None:
    os.environ.update(urls)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DELIVERY_ALLOW_PRIVATE_DESTINATIONS"] = "true"
    os.environ["DELIVERY_LOOPBACK_ONLY"] = "true"
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        os.environ.pop(name, None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def create_tenant(receiver_port: int, timeout_seconds: int, name: str = "Chaos") -> tuple[str, str]:
    """An organization with a Stripe provider forwarding to the receiver; (provider, path)."""
    from hooklane.accounts.services import organization_create
    from hooklane.delivery.services import destination_create
    from hooklane.webhooks.services import provider_create

    organization = organization_create(name=f"{name} {secrets.token_hex(3)}")
    # Faults are the point here, not quotas: the offered rate stays under this one's limit.
    organization.ingest_rate_per_second = organization.ingest_rate_burst = 1_000_000
    organization.save(update_fields=["ingest_rate_per_second", "ingest_rate_burst"])
    provider = provider_create(
        organization=organization,
        provider_name="stripe",
        display_name="Chaos Stripe",
        signing_secret=SECRET,
    )
    destination_create(
        organization=organization,
        name="Chaos receiver",
        url=f"http://127.0.0.1:{receiver_port}/hooks",
        provider_ids=[provider.id],
        timeout_seconds=timeout_seconds,
    )
    return str(provider.id), f"/in/{provider.ingest_key}"


# Faults --------------------------------------------------------------------------------------
def fault_plan(duration: float, pg_down: float) -> list[tuple[float, str]]:
    """(seconds after the start, fault), spread over the run; PostgreSQL is back before the
    offer ends, so the run also shows ingest recovering."""
    pg_at = max(1.0, min(0.65 * duration, duration - pg_down - 2))
    return [
        (0.15 * duration, "kill -9 a gunicorn worker"),
        (0.30 * duration, "kill -9 Celery worker 0"),
        (0.30 * duration + 3, "start Celery worker 0 again"),
        (0.45 * duration, "restart Redis"),
        (pg_at, "stop PostgreSQL (immediate)"),
        (pg_at + pg_down, "start PostgreSQL again"),
    ]


def run_faults(cluster: Cluster, plan, started: float, events: list, stop: threading.Event):
    for at, fault in plan:
        if stop.wait(max(0.0, started + at - time.monotonic())):
            return
        begun = time.monotonic()
        detail = ""
        try:
            if fault.startswith("kill -9 a gunicorn"):
                detail = f"pid {cluster.kill_web_worker()}"
            elif fault.startswith("kill -9 Celery"):
                detail = f"pid {cluster.kill_worker(0)}"
            elif fault.startswith("start Celery"):
                cluster.start_worker(0)
            elif fault == "restart Redis":
                cluster.restart_redis()
            elif fault.startswith("stop PostgreSQL"):
                cluster.stop_postgres()
            else:
                cluster.start_postgres()
        except Exception as exc:  # noqa: BLE001 - reported with the results; the run goes on
            detail = f"FAILED: {exc!r}"
        took = time.monotonic() - begun
        events.append((round(begun - started, 1), fault, detail))
        log(f"{fault} {detail} ({took:.1f}s)", started)


# Counting ------------------------------------------------------------------------------------
def db_query(function, attempts: int = 30):
    """Run a read, reconnecting while PostgreSQL is still coming back (bounded)."""
    from django.db import OperationalError, connection

    for attempt in range(attempts):
        try:
            return function()
        except OperationalError:
            connection.close()
            if attempt == attempts - 1:
                raise
            time.sleep(1)
    return None


def statuses(provider_id: str) -> Counter:
    from django.db.models import Count

    from hooklane.webhooks.models import WebhookLog

    rows = (
        WebhookLog.objects.filter(provider_id=provider_id)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Counter(dict(rows))


def wait_for_drain(provider_id: str, timeout: float, started: float) -> tuple[Counter, float]:
    began = time.monotonic()
    last_report = 0.0
    while True:
        counts = db_query(lambda: statuses(provider_id))
        open_rows = sum(n for status, n in counts.items() if status not in ("delivered",))
        waited = time.monotonic() - began
        if not open_rows or waited > timeout:
            return counts, waited
        if waited - last_report >= 15:
            last_report = waited
            log(f"draining: {dict(sorted(counts.items()))}", started)
        time.sleep(2)


def tally(provider_id: str, accepted: dict[str, str], arrivals: list[str]) -> dict:
    from django.db.models import Count

    from hooklane.delivery.models import Delivery
    from hooklane.webhooks.models import WebhookLog

    logs = WebhookLog.objects.filter(provider_id=provider_id)
    rows = dict(logs.values_list("id", "external_id"))
    per_event = Counter(rows.values())
    promised = set(accepted.values())
    missing = [log_id for log_id in promised if _uuid(log_id) not in rows]
    # Every 2xx's event is stored exactly once (and under the id the 2xx promised).
    not_once = [event for event in accepted if per_event.get(event, 0) != 1]
    webhook_ids = {
        log_id: f"msg_{delivery_id.hex}"
        for delivery_id, log_id in Delivery.objects.filter(log__provider_id=provider_id)
        .values_list("id", "log_id")
        .iterator()
    }
    seen = Counter(arrivals)
    undelivered = [log_id for log_id in rows if webhook_ids.get(log_id) not in seen]
    delivered = logs.filter(status=WebhookLog.Status.DELIVERED).count()
    attempts_by_outcome = dict(
        Delivery.objects.filter(log__provider_id=provider_id)
        .values_list("attempts__outcome")
        .annotate(n=Count("attempts__id"))
        .order_by()
    )
    return {
        "rows_stored": len(rows),
        "logs_delivered": delivered,
        "receiver_unique": len(seen),
        "receiver_duplicates": sum(seen.values()) - len(seen),
        "lost_2xx": len(missing),
        "2xx_not_exactly_one_row": len(not_once),
        "rows_not_at_receiver": len(undelivered),
        "attempt_outcomes": attempts_by_outcome,
    }


def _uuid(value: str):
    import uuid

    return uuid.UUID(value)


# The run -------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=300, help="webhooks offered per second")
    parser.add_argument("--duration", type=float, default=120, help="seconds of offered load")
    parser.add_argument("--pg-down", type=float, default=10, help="seconds PostgreSQL is down")
    parser.add_argument("--drain-timeout", type=float, default=900)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--celery-concurrency", type=int, default=2)
    parser.add_argument(
        "--worker-nice", type=int, default=10, help="niceness of the Celery processes (0: none)"
    )
    parser.add_argument("--destination-timeout", type=int, default=5)
    parser.add_argument(
        "--noisy-rate", type=float, help="the noisy neighbour's webhooks per second (0: none)"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the servers, e.g. INGEST_REQUEUE_AFTER_SECONDS=10",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep .run/chaos-* afterwards")
    args = parser.parse_args()

    base = Path(os.environ.get("HOOKLANE_RUN_DIR", REPO / ".run"))
    base.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="chaos-", dir=base.resolve()))
    os.chmod(root, 0o755)
    overrides = dict(item.split("=", 1) for item in args.set)
    cluster = Cluster(
        root,
        web_workers=args.web_workers,
        celery_concurrency=args.celery_concurrency,
        worker_nice=args.worker_nice,
        env=overrides,
    )
    receiver_port, trickle_port = free_port(), free_port()
    arrivals_path = root / "arrivals.txt"
    noisy_rate = args.rate / 2 if args.noisy_rate is None else args.noisy_rate
    receiver = trickler = None
    ok = False
    # A SIGTERM (a test's timeout, Ctrl-C's cousin) still stops every process this run started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        log(f"stack in {root}")
        urls = cluster.start_stack()
        receiver = subprocess.Popen(
            [
                sys.executable,
                str(HERE / "receiver.py"),
                "--port",
                str(receiver_port),
                "--out",
                str(arrivals_path),
            ],
            start_new_session=True,
        )
        wait_for_port(receiver_port, "the receiver")
        trickler = subprocess.Popen(
            [sys.executable, str(HERE / "receiver.py"), "--port", str(trickle_port)]
            + ["--out", str(root / "trickled.txt"), "--trickle"],
            start_new_session=True,
        )
        wait_for_port(trickle_port, "the trickling receiver")
        setup_django(urls)
        provider_id, path = create_tenant(receiver_port, args.destination_timeout)
        noisy_id, noisy_path = create_tenant(trickle_port, args.destination_timeout, "Noisy")
        cluster.start_all()
        log(
            f"gunicorn {args.web_workers} workers x 4 threads (DEBUG off), 2 Celery workers x "
            f"{args.celery_concurrency} at nice {args.worker_nice}, beat; offering "
            f"{args.rate:g}/s for {args.duration:g} s"
            + (f"; settings {overrides}" if overrides else "")
        )
        plan = fault_plan(args.duration, args.pg_down)
        events: list = []
        stop = threading.Event()
        started = time.monotonic()
        faults = threading.Thread(
            target=run_faults, args=(cluster, plan, started, events, stop), daemon=True
        )
        faults.start()
        noisy: dict = {}

        def noisy_neighbour() -> None:
            if stop.wait(0.2 * args.duration) or noisy_rate <= 0:
                return
            log(f"noisy neighbour: {noisy_rate:g}/s to a trickling receiver", started)
            noisy["offer"] = offer_load(
                port=cluster.web_port,
                path=noisy_path,
                secret=SECRET,
                rate=noisy_rate,
                duration=0.5 * args.duration,
                prefix="n" + secrets.token_hex(3),
            )

        neighbour = threading.Thread(target=noisy_neighbour, daemon=True)
        neighbour.start()
        offer = offer_load(
            port=cluster.web_port,
            path=path,
            secret=SECRET,
            rate=args.rate,
            duration=args.duration,
            prefix=secrets.token_hex(3),
        )
        offer_seconds = time.monotonic() - started
        faults.join(timeout=120)
        neighbour.join(timeout=120)
        stop.set()
        log(f"offer done: sent {offer.sent}, 2xx {offer.ok}, 503 {offer.unavailable}", started)
        counts, waited = wait_for_drain(provider_id, args.drain_timeout, started)
        time.sleep(2)  # the last forwards reach the receiver's file
        receiver.send_signal(signal.SIGTERM)
        receiver.wait(timeout=20)
        arrivals = arrivals_path.read_text().split()
        figures = db_query(lambda: tally(provider_id, offer.accepted, arrivals))
        noisy_offer = noisy.get("offer")
        noisy_figures = db_query(
            lambda: tally(noisy_id, noisy_offer.accepted if noisy_offer else {}, [])
        )
        figures.update(
            {
                "rate": args.rate,
                "duration": args.duration,
                "requests_sent": offer.sent,
                "offer_seconds": round(offer_seconds, 1),
                "not_sent": offer.not_sent,
                "2xx": offer.ok,
                "503": offer.unavailable,
                "other": offer.other_total,
                "other_detail": dict(offer.other),
                "duplicate_answers": offer.duplicates,
                "statuses": dict(counts),
                "drain_seconds": round(waited, 1),
                "faults": events,
                "processes_alive": cluster.alive(),
                "noisy_rate": noisy_rate,
                "noisy_2xx": noisy_offer.ok if noisy_offer else 0,
                "noisy_rows_stored": noisy_figures["rows_stored"],
                "noisy_lost_2xx": noisy_figures["lost_2xx"],
                "noisy_attempts": noisy_figures["attempt_outcomes"],
            }
        )
        ok = (
            figures["lost_2xx"] == 0
            and figures["2xx_not_exactly_one_row"] == 0
            and figures["rows_not_at_receiver"] == 0
            and figures["rows_stored"] >= offer.ok > 0
            and figures["noisy_lost_2xx"] == 0
            and (noisy_rate <= 0 or figures["noisy_2xx"] > 0)
            and len(events) == len(plan)
            and not any("FAILED" in detail for _at, _fault, detail in events)
        )
        figures["ok"] = ok
        report(figures)
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2, default=str))
    finally:
        for process in (receiver, trickler):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=20)
        cluster.stop()
        if ok and not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"chaos: logs of the servers in {root}")
    return 0 if ok else 1


def report(f: dict) -> None:
    print()
    for at, fault, detail in f["faults"]:
        print(f"  {at:6.1f}s  {fault} {detail}")
    print(
        f"requests sent: {f['requests_sent']} in {f['offer_seconds']} s "
        f"(not sent before the bound: {f['not_sent']}); "
        f"2xx: {f['2xx']}; 503: {f['503']}; other: {f['other']} {f['other_detail'] or ''}"
    )
    print(
        f"rows stored: {f['rows_stored']}; logs delivered: {f['logs_delivered']}; "
        f"statuses: {f['statuses']}; drained {f['drain_seconds']} s after the offer"
    )
    print(
        f"receiver saw: {f['receiver_unique']} unique webhook-ids, "
        f"{f['receiver_duplicates']} duplicates; attempts: {f['attempt_outcomes']}"
    )
    print(
        f"lost (2xx without its row): {f['lost_2xx']}; 2xx not stored exactly once: "
        f"{f['2xx_not_exactly_one_row']}; rows the receiver never saw: "
        f"{f['rows_not_at_receiver']}"
    )
    print(
        f"noisy neighbour ({f['noisy_rate']:g}/s to a trickling receiver): 2xx "
        f"{f['noisy_2xx']}; rows stored {f['noisy_rows_stored']}; lost (2xx without its "
        f"row) {f['noisy_lost_2xx']}; attempts {f['noisy_attempts']}"
    )
    print("CHAOS " + json.dumps(f, default=str))
    print("chaos: " + ("PASSED: nothing lost" if f["ok"] else "FAILED"))


if __name__ == "__main__":
    sys.exit(main())
