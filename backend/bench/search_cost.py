"""What the search document costs an insert: single-row INSERTs of ~1 KB Stripe-like events
into two copies of webhook_logs, one as it is (no search vector) and one with the generated
tsvector column and GIN index ingest used to maintain, in alternating rounds.

`make bench ARGS='search-cost [--rows 3000 --rounds 4]'`; prints the mean and median time per
INSERT of each table and the share the search vector took.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

BACKEND = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

INSERT = """
INSERT INTO {table} (id, created_at, updated_at, received_at, organization_id, provider_id,
    status, event_type, external_id, body, payload, headers, signature_headers, content_type,
    size_bytes, error)
VALUES (%s, now(), now(), now(), %s, %s, 'received', 'invoice.paid', %s, %s, %s::jsonb,
    %s::jsonb, '{{}}'::jsonb, 'application/json', %s, '')
"""


def event(n: int) -> bytes:
    lines = [
        {"id": f"il_{n}_{i}", "amount": 1000 + i, "description": f"Seat {i} for plan pro_{n % 97}"}
        for i in range(12)
    ]
    body = {
        "id": f"evt_{n:010d}",
        "object": "event",
        "type": "invoice.paid",
        "data": {
            "object": {
                "id": f"in_{n:010d}",
                "customer": f"cus_{n % 50_000:05d}",
                "customer_email": f"user{n % 50_000}@example.com",
                "currency": "usd",
                "lines": lines,
            }
        },
    }
    return json.dumps(body).encode()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from hooklane.accounts.models import Organization
    from hooklane.webhooks.db_models.webhook_log_model import _SearchDocument
    from hooklane.webhooks.models import WebhookProvider

    call_command("migrate", "--noinput", verbosity=0)
    org = Organization.objects.create(name="Bench", slug="bench-search-cost")
    provider = WebhookProvider.objects.create(
        organization=org, provider_name="stripe", display_name="Stripe"
    )
    headers = json.dumps({"content-type": "application/json", "user-agent": "Stripe/1.0"})
    with connection.cursor() as cursor:
        for table in ("bench_plain", "bench_search"):
            cursor.execute(f"CREATE TABLE {table} (LIKE webhook_logs INCLUDING ALL)")
        cursor.execute(
            "ALTER TABLE bench_search ADD COLUMN search_vector tsvector "  # noqa: S608
            f"GENERATED ALWAYS AS ({_SearchDocument.template}) STORED"
        )
        cursor.execute("CREATE INDEX ON bench_search USING gin (search_vector)")
    sample = event(0)
    print(
        f"{args.rounds} rounds of {args.rows:,} single-row INSERTs per table, "
        f"{len(sample):,}-byte bodies, autocommit",
        flush=True,
    )

    times: dict[str, list[float]] = {"bench_plain": [], "bench_search": []}
    n = 0
    with connection.cursor() as cursor:
        for _round in range(args.rounds):
            for table in times:
                sql = INSERT.format(table=table)
                for _row in range(args.rows):
                    n += 1
                    body = event(n)
                    started = time.perf_counter()
                    cursor.execute(
                        sql,
                        (
                            uuid.uuid4(),
                            org.id,
                            provider.id,
                            f"evt_{n:010d}",
                            body,
                            body.decode(),
                            headers,
                            len(body),
                        ),
                    )
                    times[table].append((time.perf_counter() - started) * 1000)
    plain, search = (times[t] for t in ("bench_plain", "bench_search"))
    for name, samples in (("without search vector", plain), ("with search vector + GIN", search)):
        print(
            f"{name:<26} mean {statistics.mean(samples):6.3f} ms  "
            f"median {statistics.median(samples):6.3f} ms"
        )
    share = 1 - statistics.mean(plain) / statistics.mean(search)
    share_median = 1 - statistics.median(plain) / statistics.median(search)
    print(
        f"the search vector's share of an insert: {share:.0%} (mean), {share_median:.0%} (median)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
