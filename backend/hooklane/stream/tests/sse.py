"""A small Server-Sent Events reader over httpx for the stream tests."""

import json
import queue
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class Event:
    id: str | None
    event: str
    data: str

    @property
    def json(self):
        return json.loads(self.data)


def parse_events(lines: Iterator[str]) -> Iterator[Event | str]:
    """Events as EventSource sees them; a comment line comes through as its text, and an
    id-only message as an Event named "" (it moves the resume point, dispatches nothing)."""
    event_id, name, data = None, "", []
    seen_field = False
    for line in lines:
        if line == "":
            if seen_field:
                yield Event(event_id, name or ("message" if data else ""), "\n".join(data))
            event_id, name, data, seen_field = None, "", [], False
            continue
        if line.startswith(":"):
            yield line[1:].strip()
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        seen_field = True
        if field == "id":
            event_id = value
        elif field == "event":
            name = value
        elif field == "data":
            data.append(value)


class Stream:
    """An open stream read on a thread: `next_event()` waits for the next one."""

    def __init__(self, url: str, *, headers=None, params=None, cookies=None, timeout=30.0):
        self._events: queue.Queue = queue.Queue()
        self.last_id: str | None = None
        self._client = httpx.Client(timeout=httpx.Timeout(timeout, connect=5), cookies=cookies)
        self._response = self._client.send(
            self._client.build_request("GET", url, headers=headers or {}, params=params or {}),
            stream=True,
        )
        self.status_code = self._response.status_code
        if self.status_code == 200:
            self._thread = threading.Thread(target=self._read, daemon=True)
            self._thread.start()

    def json(self):
        return json.loads(self._response.read())

    @property
    def headers(self):
        return self._response.headers

    def _read(self) -> None:
        try:
            for item in parse_events(self._response.iter_lines()):
                self._events.put(item)
        except (httpx.HTTPError, OSError) as exc:
            self._events.put(exc)
        self._events.put(None)

    def next_item(self, timeout: float = 20.0):
        item = self._events.get(timeout=timeout)
        if isinstance(item, Event) and item.id is not None:
            self.last_id = item.id
        return item

    def next_event(self, timeout: float = 20.0, *, skip=("",)) -> Event:
        """The next event whose name is not in `skip` (comments are skipped)."""
        while True:
            item = self.next_item(timeout)
            if item is None or isinstance(item, Exception):
                raise AssertionError(f"the stream ended: {item!r}")
            if isinstance(item, Event) and item.event not in skip:
                return item

    def events(self, count: int, timeout: float = 20.0, kinds=("log", "attempt")) -> list[Event]:
        found = []
        while len(found) < count:
            event = self.next_event(timeout)
            if event.event in kinds:
                found.append(event)
        return found

    def close(self) -> None:
        # The reader thread is blocked in recv(): shut the socket so the server sees the
        # client go at once, as when a browser tab closes.
        network = self._response.extensions.get("network_stream")
        sock = network.get_extra_info("socket") if network is not None else None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._response.close()
        self._client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
