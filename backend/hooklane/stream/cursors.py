"""Redis stream ids as cursors: parse, compare, and decide whether a cursor lost entries."""

import re
from typing import NamedTuple

_ID = re.compile(r"^(\d{1,20})(?:-(\d{1,20}))?$")


class StreamId(NamedTuple):
    ms: int
    seq: int

    def __str__(self) -> str:
        return f"{self.ms}-{self.seq}"


ORIGIN = StreamId(0, 0)


def parse(raw: str | bytes | None) -> StreamId | None:
    """`1712345678901-3` (or a bare `0`) as a StreamId; None for anything else."""
    if isinstance(raw, bytes):
        raw = raw.decode("ascii", "replace")
    match = _ID.match((raw or "").strip())
    if match is None:
        return None
    return StreamId(int(match[1]), int(match[2] or 0))


def lost_entries(cursor: StreamId, info: dict | None) -> bool:
    """Whether resuming after `cursor` would skip entries the stream no longer holds.

    `info` is XINFO STREAM's answer (None: no such stream). Redis 7 says which id it trimmed
    last (max-deleted-entry-id); older servers only show the first entry kept, and a cursor
    before it is taken as lost (at worst a client resyncs once too often). A cursor past
    the last id ever generated belongs to a stream that was emptied and made again."""
    if cursor == ORIGIN:
        return False
    if info is None:
        return True
    last = parse(info.get("last-generated-id")) or ORIGIN
    if cursor > last:
        return True
    deleted = parse(info.get("max-deleted-entry-id"))
    if deleted is not None:
        return cursor < deleted
    first = info.get("first-entry")
    return first is not None and cursor < parse(first[0])
