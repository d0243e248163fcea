"""Steady signed traffic for the chaos run: an open loop of Stripe-signed webhooks to ingest.

Request i is due at start + i/rate whatever the server does (a struggling server cannot slow
the offer down). Nothing is retried: every answer is counted as it came, and every 2xx
remembers the log id it promised, so the run can check that each one has its row.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections import Counter
from dataclasses import dataclass, field

CONNECT_TIMEOUT = 5.0
RESPONSE_TIMEOUT = 15.0


@dataclass
class Offer:
    """What the loop sent and what came back."""

    sent: int = 0
    not_sent: int = 0
    ok: int = 0
    unavailable: int = 0
    other: Counter = field(default_factory=Counter)
    # event id -> log id of every 2xx
    accepted: dict[str, str] = field(default_factory=dict)
    duplicates: int = 0

    @property
    def other_total(self) -> int:
        return sum(self.other.values())


def stripe_request(*, host: str, path: str, secret: str, event_id: str) -> bytes:
    """One Stripe-style event, signed as Stripe signs (t=, v1= over "t.body")."""
    now = int(time.time())
    body = json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": "invoice.paid",
            "created": now,
            "data": {"object": {"id": "in_" + event_id[4:], "amount_paid": 4200}},
        }
    ).encode()
    digest = hmac.new(secret.encode(), f"{now}.".encode() + body, hashlib.sha256).hexdigest()
    return (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Stripe-Signature: t={now},v1={digest}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def _exchange(port: int, raw: bytes, connection: list) -> tuple[int, bytes, bool]:
    """Send one request on the kept connection (opened when needed); (status, body, close)."""
    if not connection:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", port), CONNECT_TIMEOUT
        )
        connection[:] = [reader, writer]
    reader, writer = connection
    writer.write(raw)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    close = headers.get("connection", "").lower() == "close"
    return int(lines[0].split(" ", 2)[1]), body, close


def _drop(connection: list) -> None:
    if connection:
        connection[1].close()
        connection.clear()


async def _offer(
    *, port: int, path: str, secret: str, rate: float, duration: float, prefix: str, grace: float
) -> Offer:
    offer = Offer()
    queue: asyncio.Queue = asyncio.Queue()
    host = f"127.0.0.1:{port}"

    async def sender() -> None:
        connection: list = []
        while (event_id := await queue.get()) is not None:
            raw = stripe_request(host=host, path=path, secret=secret, event_id=event_id)
            offer.sent += 1
            try:
                status, body, close = await asyncio.wait_for(
                    _exchange(port, raw, connection), RESPONSE_TIMEOUT
                )
            except TimeoutError:
                offer.other["timeout"] += 1
                _drop(connection)
                continue
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                # A worker killed mid-request resets the connection; nothing was promised.
                offer.other[type(exc).__name__] += 1
                _drop(connection)
                continue
            if 200 <= status < 300:
                offer.ok += 1
                answer = json.loads(body)
                offer.accepted[event_id] = answer["id"]
                offer.duplicates += bool(answer.get("duplicate"))
            elif status == 503:
                offer.unavailable += 1
            else:
                offer.other[f"HTTP {status}"] += 1
            if close:
                _drop(connection)
        _drop(connection)

    concurrency = max(8, min(256, int(rate // 2)))
    senders = [asyncio.create_task(sender()) for _ in range(concurrency)]
    total = int(rate * duration)
    start = time.monotonic()
    for index in range(total):
        delay = start + index / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait(f"evt_{prefix}{index:09d}")
    for _ in senders:
        queue.put_nowait(None)
    # Bounded: what has not gone out `grace` seconds after the last one was due is dropped.
    _done, pending = await asyncio.wait(senders, timeout=grace)
    while not queue.empty():
        if queue.get_nowait() is not None:
            offer.not_sent += 1
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    unanswered = offer.sent - offer.ok - offer.unavailable - offer.other_total
    if unanswered:
        offer.other["no answer before the end"] += unanswered
    return offer


def offer_load(
    *,
    port: int,
    path: str,
    secret: str,
    rate: float,
    duration: float,
    prefix: str,
    grace: float = 60.0,
) -> Offer:
    """Offer `rate` signed webhooks per second for `duration` seconds; the tally."""
    return asyncio.run(
        _offer(
            port=port,
            path=path,
            secret=secret,
            rate=rate,
            duration=duration,
            prefix=prefix,
            grace=grace,
        )
    )
