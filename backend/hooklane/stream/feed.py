"""One reader per organization and process: an XREAD loop that every open stream shares.

A process holding 500 streams of one organization keeps one blocked XREAD on Redis, not
500. The feed keeps the newest entries in memory (BUFFER); a stream whose cursor is inside
that window takes its entries from there, and one further behind (a client resuming, or
too slow) reads Redis itself in batches until it is inside again. Entries in the buffer
follow each other without a gap from `floor` on, so a stream switching between the two
neither skips nor repeats one.
"""

import asyncio
import logging
from collections import deque
from dataclasses import dataclass, field

import redis.asyncio as aioredis
from django.conf import settings
from redis.exceptions import RedisError

from hooklane.core import live

from .cursors import ORIGIN, StreamId, lost_entries, parse

logger = logging.getLogger(__name__)

BUFFER = 2000
_BLOCK_MS = 10_000
_RETRY_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Entry:
    id: StreamId
    kind: str
    data: str


def _entry(raw_id, fields: dict) -> Entry:
    return Entry(
        parse(raw_id),
        fields.get(b"type", b"").decode(),
        fields.get(b"data", b"{}").decode(),
    )


_clients: dict[int, aioredis.Redis] = {}


def redis() -> aioredis.Redis:
    """This event loop's client of the live feed's Redis."""
    loop = id(asyncio.get_running_loop())
    found = _clients.get(loop)
    if found is None:
        found = aioredis.Redis.from_url(
            settings.LIVE_REDIS_URL,
            socket_connect_timeout=2,
            # Longer than a blocked XREAD waits.
            socket_timeout=_BLOCK_MS / 1000 + 10,
        )
        _clients[loop] = found
    return found


async def stream_info(key: str) -> dict | None:
    """XINFO STREAM with text keys, or None when the stream does not exist."""
    try:
        raw = await redis().xinfo_stream(key)
    except aioredis.ResponseError:
        return None
    return {
        (name.decode() if isinstance(name, bytes) else name): (
            value.decode() if isinstance(value, bytes) else value
        )
        for name, value in raw.items()
    }


async def last_id(key: str) -> StreamId:
    info = await stream_info(key)
    return ORIGIN if info is None else (parse(info.get("last-generated-id")) or ORIGIN)


async def read_after(key: str, cursor: StreamId, count: int) -> tuple[list[Entry], bool]:
    """Up to `count` entries after `cursor` straight from Redis, and whether entries after
    the cursor were trimmed away (then nothing is read), in one round trip."""
    pipe = redis().pipeline(transaction=False)
    pipe.xinfo_stream(key)
    pipe.xrange(key, min=f"({cursor}", max="+", count=count)
    info, rows = await pipe.execute(raise_on_error=False)
    if isinstance(info, aioredis.ResponseError):  # no such stream
        return [], cursor != ORIGIN
    if isinstance(info, Exception):
        raise info
    if isinstance(rows, Exception):
        raise rows
    info = {
        (k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v)
        for k, v in info.items()
    }
    if isinstance(info.get("first-entry"), list | tuple):
        info["first-entry"] = [info["first-entry"][0]]
    if lost_entries(cursor, info):
        return [], True
    return [_entry(raw_id, fields) for raw_id, fields in rows], False


@dataclass
class Feed:
    """The newest entries of one organization's stream, read once for every open stream."""

    key: str
    floor: StreamId = ORIGIN
    last: StreamId = ORIGIN
    buffer: deque = field(default_factory=lambda: deque(maxlen=BUFFER))
    subscribers: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    started: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task | None = None

    def since(self, cursor: StreamId) -> list[Entry] | None:
        """The buffered entries after `cursor`, or None when the buffer does not reach back
        that far (read Redis then)."""
        if cursor < self.floor:
            return None
        if cursor >= self.last:
            return []
        found = []
        for entry in reversed(self.buffer):
            if entry.id <= cursor:
                break
            found.append(entry)
        found.reverse()
        return found

    async def wait(self, timeout: float) -> None:
        """Until new entries arrive or `timeout` seconds pass."""
        changed = self.changed
        try:
            await asyncio.wait_for(changed.wait(), timeout)
        except TimeoutError:
            pass

    async def _run(self) -> None:
        client = redis()
        while True:
            try:
                if not self.started.is_set():
                    self.floor = self.last = await last_id(self.key)
                    self.started.set()
                answer = await client.xread(
                    {self.key: str(self.last)},
                    count=settings.STREAM_BACKFILL_BATCH,
                    block=_BLOCK_MS,
                )
            except (RedisError, OSError):
                logger.warning("live feed %s unreachable; retrying", self.key)
                await asyncio.sleep(_RETRY_SECONDS)
                continue
            for _key, rows in answer or ():
                for raw_id, fields in rows:
                    if len(self.buffer) == self.buffer.maxlen:
                        self.floor = self.buffer[0].id
                    entry = _entry(raw_id, fields)
                    self.buffer.append(entry)
                    self.last = entry.id
            if answer:
                changed, self.changed = self.changed, asyncio.Event()
                changed.set()


_feeds: dict[tuple[int, str], Feed] = {}


async def join(organization_id) -> Feed:
    """The organization's feed in this process, started if need be; call leave() after."""
    key = live.stream_key(organization_id)
    slot = (id(asyncio.get_running_loop()), key)
    feed = _feeds.get(slot)
    if feed is None:
        feed = _feeds[slot] = Feed(key)
        feed.task = asyncio.create_task(feed._run(), name=f"feed {key}")
    feed.subscribers += 1
    await feed.started.wait()
    return feed


def leave(feed: Feed) -> None:
    feed.subscribers -= 1
    if feed.subscribers <= 0:
        slot = (id(asyncio.get_running_loop()), feed.key)
        if _feeds.get(slot) is feed:
            del _feeds[slot]
        if feed.task is not None:
            feed.task.cancel()
