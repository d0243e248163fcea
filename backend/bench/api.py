"""API benchmark: ten million logs, then p50/p95 of the log list, filters, a deep page,
search, detail and stats over 24 hours, 7 and 30 days.

Run by `make bench ARGS=api` on a throwaway stack: seeds 10,000,000 logs (`--logs N` for
fewer) across 3 organizations and 100 providers with COPY, in received_at order as ingest
writes them (secondary indexes are built after the load), builds their search documents and
the hourly rollup the way the worker and beat do, starts gunicorn with DEBUG off, times 200
requests per endpoint with a keep-alive client, and prints the EXPLAIN plan of each query.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from cryptography.fernet import Fernet

BACKEND = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# One real key for this process and the servers it starts (which run with DEBUG off and
# refuse the development key), so they read the secrets it stores.
os.environ.setdefault("SECRETS_ENCRYPTION_KEYS", Fernet.generate_key().decode())

EVENT_TYPES = [
    "invoice.paid",
    "invoice.created",
    "invoice.payment_failed",
    "charge.succeeded",
    "charge.refunded",
    "customer.created",
    "customer.updated",
    "push",
    "pull_request.opened",
    "issues.closed",
    "orders/create",
    "orders/paid",
    "message",
    "app_mention",
]
STATUSES = ["delivered"] * 85 + ["failed"] * 5 + ["processed"] * 8 + ["rejected"] * 2
PROVIDER_NAMES = ["stripe", "github", "shopify", "slack", "standard_webhooks"]


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def _drop_indexes(cursor, table: str) -> list[str]:
    """Drop the table's indexes but its primary key; returns the statements that rebuild them."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE contype = 'p')",
        [table],
    )
    rows = cursor.fetchall()
    for name, _definition in rows:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


def seed(total: int, provider_count: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from hooklane.accounts.db_models.api_key_model import generate_key, hash_key
    from hooklane.accounts.models import ApiKey, Organization, User
    from hooklane.webhooks.db_models.webhook_log_model import _SearchDocument
    from hooklane.webhooks.models import WebhookProvider
    from hooklane.webhooks.services import log_rollup_advance

    call_command("migrate", "--noinput", verbosity=0)
    orgs, keys, providers = [], {}, []
    for n in range(3):
        org = Organization.objects.create(name=f"Bench {n}", slug=f"bench-{n}")
        admin = User.objects.create_user(f"admin{n}@bench.example", organization=org, role="admin")
        raw = generate_key()
        ApiKey.objects.create(
            organization=org,
            created_by=admin,
            name="bench",
            prefix=raw[:12],
            key_hash=hash_key(raw),
            scope="read",
        )
        orgs.append(org)
        keys[org.id] = raw
    for n in range(provider_count):
        providers.append(
            WebhookProvider.objects.create(
                organization=orgs[n % 3],
                provider_name=PROVIDER_NAMES[n % len(PROVIDER_NAMES)],
                display_name=f"Provider {n}",
            )
        )

    rng = random.Random(42)
    now = datetime.now(UTC)
    span = timedelta(days=30)
    columns = (
        "id, created_at, updated_at, organization_id, provider_id, status, event_type, "
        "external_id, body, payload, headers, content_type, size_bytes, source_ip, "
        "received_at, processed_at, error"
    )
    headers = json.dumps({"content-type": "application/json", "user-agent": "Bench/1.0"})
    started = time.monotonic()
    with connection.cursor() as cursor:
        rebuild = _drop_indexes(cursor, "webhook_logs")
        raw_cursor = cursor.cursor
        with raw_cursor.copy(f"COPY webhook_logs ({columns}) FROM STDIN") as copy:
            for n in range(total):
                provider = providers[n % len(providers)]
                # Oldest first, as ingest appends them: 30 days up to now.
                received = now - span + span * (n / total)
                event_type = rng.choice(EVENT_TYPES)
                # Small payloads (~110 B), so ten million fit the disk and the time.
                payload = json.dumps(
                    {
                        "id": f"evt_{n:08d}",
                        "type": event_type,
                        "customer": f"cus_{rng.randrange(50_000):05d}",
                        "amount": rng.randrange(100, 100_000),
                    }
                )
                body = payload.encode()
                copy.write_row(
                    (
                        uuid.uuid4(),
                        received,
                        received,
                        provider.organization_id,
                        provider.id,
                        rng.choice(STATUSES),
                        event_type,
                        f"evt_{n:08d}",
                        body,
                        payload,
                        headers,
                        "application/json",
                        len(body),
                        "127.0.0.1",
                        received,
                        received + timedelta(milliseconds=40),
                        "",
                    )
                )
                if n and n % 1_000_000 == 0:
                    print(f"  seeded {n:,} logs ({time.monotonic() - started:.0f} s)", flush=True)
        print(f"Seeded {total:,} logs with COPY in {time.monotonic() - started:.0f} s", flush=True)
        step = time.monotonic()
        for statement in rebuild:
            cursor.execute(statement)
        print(f"Built the log indexes in {time.monotonic() - step:.0f} s", flush=True)

        # The search documents, as the worker's logs_index_search builds them (in bulk here,
        # with the GIN index built after the load).
        step = time.monotonic()
        rebuild = _drop_indexes(cursor, "webhook_log_search")
        documents = (
            "INSERT INTO webhook_log_search (log_id, organization_id, document) "  # noqa: S608
            f"SELECT id, organization_id, {_SearchDocument.template} FROM webhook_logs"
        )
        cursor.execute(documents)
        for statement in rebuild:
            cursor.execute(statement)
        cursor.execute(
            "INSERT INTO webhook_sweep_cursors (name, position) VALUES ('search', %s) "
            "ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position",
            [now],
        )
        print(f"Built the search documents in {time.monotonic() - step:.0f} s", flush=True)
        cursor.execute("VACUUM ANALYZE webhook_logs")
        cursor.execute("VACUUM ANALYZE webhook_log_search")

    # The hourly rollup, as beat advances it (5-minute slices from the oldest log).
    step = time.monotonic()
    horizon = log_rollup_advance(now=now, slices=10**6)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE webhook_log_hourly")
        cursor.execute("VACUUM ANALYZE webhook_log_hourly_event_types")
    print(
        f"Advanced the hourly rollup to {horizon:%H:%M:%S} in {time.monotonic() - step:.0f} s",
        flush=True,
    )
    print(f"Ready after {time.monotonic() - started:.0f} s", flush=True)

    busiest = max(orgs, key=lambda o: sum(p.organization_id == o.id for p in providers))
    provider = next(p for p in providers if p.organization_id == busiest.id)
    sample, _received = (
        connection.cursor()
        .execute(
            "SELECT id, received_at FROM webhook_logs WHERE organization_id = %s "
            "ORDER BY received_at DESC LIMIT 1 OFFSET 5000",
            [busiest.id],
        )
        .fetchone()
    )
    # A page three weeks back, as a cursor walking the list would reach it.
    deep = now - timedelta(days=21)
    return {
        "org": busiest,
        "key": keys[busiest.id],
        "provider": provider,
        "log_id": sample,
        "deep": deep,
        "now": now,
    }


def explain(context: dict) -> dict[str, str]:
    """EXPLAIN (ANALYZE) of the query behind each endpoint, through the same selectors."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from hooklane.webhooks.models import WebhookLog
    from hooklane.webhooks.selectors import LogFilters, log_list, log_stats

    org, now = context["org"], context["now"]
    filtered = LogFilters(
        providers=[context["provider"].id],
        statuses=["delivered"],
        received_after=now - timedelta(days=3),
        received_before=now,
    )
    plans = {
        "list": log_list(organization=org, filters=LogFilters())[:51],
        "deep_page": log_list(organization=org, filters=LogFilters()).filter(
            received_at__lt=context["deep"]
        )[:51],
        "filtered": log_list(organization=org, filters=filtered)[:51],
        "search": log_list(organization=org, filters=LogFilters(q="cus_01234"))[:51],
        "detail": WebhookLog.objects.filter(organization=org, pk=context["log_id"]),
    }
    out = {name: qs.explain(analyze=True) for name, qs in plans.items()}
    for label, days, bucket in (
        ("stats_24h", 1, "hour"),
        ("stats_7d", 7, "hour"),
        ("stats_30d", 30, "day"),
    ):
        with CaptureQueriesContext(connection) as captured:
            log_stats(
                organization=org,
                start=now - timedelta(days=days),
                end=now,
                bucket=bucket,
            )
        plan_lines = []
        selects = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].lstrip().startswith(("SELECT", "WITH"))
        ]
        for sql in selects:
            # The same session settings as log_stats gives its query.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '32MB'")
                cursor.execute("EXPLAIN ANALYZE " + sql)
                plan_lines += [row[0] for row in cursor.fetchall()] + [""]
        out[label] = "\n".join(plan_lines)
    return out


def deep_cursor(position: datetime) -> str:
    """The cursor DRF's CursorPagination hands out for a page ending at `position`."""
    return base64.b64encode(urlencode({"p": str(position)}).encode()).decode()


def timed_requests(port: int, key: str, path: str, count: int) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {key}", "Host": "127.0.0.1"}
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"GET {path} answered {response.status}")
        samples.append((time.perf_counter() - started) * 1000)
    connection.close()
    return samples


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--logs", type=int, default=10_000_000)
    parser.add_argument("--providers", type=int, default=100)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    context = seed(args.logs, args.providers)
    plans = explain(context)

    sys.path.insert(0, str(BACKEND / "scripts"))
    from stack import free_port

    port = args.port or free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "API_RATE_LIMIT_PER_KEY": "0",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=BACKEND,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        now = context["now"]
        endpoints = {
            "list": "/api/v1/logs/",
            "filtered": "/api/v1/logs/?"
            + urlencode(
                {
                    "provider": str(context["provider"].id),
                    "status": "delivered",
                    "received_after": (now - timedelta(days=3)).isoformat(),
                    "received_before": now.isoformat(),
                }
            ),
            "deep_page": "/api/v1/logs/?" + urlencode({"cursor": deep_cursor(context["deep"])}),
            "search": "/api/v1/logs/?q=cus_01234",
            "detail": f"/api/v1/logs/{context['log_id']}/",
            "stats_24h": "/api/v1/stats/?"
            + urlencode({"received_after": (now - timedelta(days=1)).isoformat()}),
            "stats_7d": "/api/v1/stats/?"
            + urlencode({"received_after": (now - timedelta(days=7)).isoformat()}),
            "stats_30d": "/api/v1/stats/?"
            + urlencode({"received_after": (now - timedelta(days=30)).isoformat()}),
        }
        targets = {
            "list": 50,
            "filtered": 50,
            "deep_page": 50,
            "search": 200,
            "detail": 50,
            "stats_24h": 100,
            "stats_7d": 100,
            "stats_30d": 100,
        }
        print()
        print(f"{'endpoint':<11} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'target p95':>11}")
        failures = []
        for name, path in endpoints.items():
            timed_requests(port, context["key"], path, 5)  # warm the connection and caches
            samples = timed_requests(port, context["key"], path, args.requests)
            p95 = percentile(samples, 95)
            verdict = "ok" if p95 <= targets[name] else "MISSED"
            if verdict != "ok":
                failures.append(name)
            print(
                f"{name:<11} {statistics.median(samples):8.1f} {p95:8.1f} {max(samples):8.1f} "
                f"{'<= ' + str(targets[name]):>11} {verdict}"
            )
        print()
        for name, plan in plans.items():
            print(f"--- EXPLAIN ANALYZE: {name}\n{plan}\n")
        return 0
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
