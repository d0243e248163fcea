"""A Server-Sent Events reader that reconnects and resumes.

After a dropped connection or a server restart it connects again (backoff 0.5 s doubling to
10 s, reset by every event) with `Last-Event-ID` set to the last id it saw, so the server
sends what came meanwhile; ids it already yielded are skipped, so nothing repeats."""

import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx

from .errors import BadKey, NotFound, RateLimited

MAX_BACKOFF = 10.0
SEEN_IDS = 10_000


@dataclass
class Event:
    id: str
    event: str
    data: str


def parse(lines: Iterator[str]) -> Iterator[Event | int]:
    """Events from SSE lines (ints are `retry:` hints in milliseconds). A message with an
    `id:` and no data dispatches nothing in a browser but moves the resume point: it comes
    out as an Event named "" (the stream sends one in a ping when filters skipped entries)."""
    event_id, name, data, id_seen = "", "message", [], False
    for line in lines:
        if line == "":
            if data:
                yield Event(event_id, name, "\n".join(data))
            elif id_seen:
                yield Event(event_id, "", "")
            name, data, id_seen = "message", [], False
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "data":
            data.append(value)
        elif field == "event":
            name = value
        elif field == "id" and "\0" not in value:
            event_id, id_seen = value, True
        elif field == "retry" and value.isdigit():
            yield int(value)


class Stream:
    def __init__(
        self,
        client: httpx.Client,
        url: str,
        params: dict,
        *,
        last_event_id: str = "",
        on_state: Callable[[str, str], None] = lambda state, detail: None,
    ) -> None:
        self.client, self.url, self.params = client, url, params
        self.last_event_id = last_event_id
        self.on_state = on_state
        self._seen: OrderedDict[str, None] = OrderedDict()

    def _seen_before(self, event_id: str) -> bool:
        if not event_id:
            return False
        if event_id in self._seen:
            return True
        self._seen[event_id] = None
        if len(self._seen) > SEEN_IDS:
            self._seen.popitem(last=False)
        return False

    def events(self) -> Iterator[Event]:
        backoff = 0.5
        connected_once = False
        while True:
            headers = {"Accept": "text/event-stream"}
            if self.last_event_id:
                headers["Last-Event-ID"] = self.last_event_id
            try:
                with self.client.stream(
                    "GET",
                    self.url,
                    params=self.params,
                    headers=headers,
                    timeout=httpx.Timeout(10.0, read=60.0),
                ) as response:
                    if response.status_code in (401, 403):
                        raise BadKey(_detail(response, "The API key was refused."))
                    if response.status_code == 404:
                        raise NotFound(f"No stream at {self.url}.")
                    if response.status_code == 429:
                        wait = float(response.headers.get("Retry-After") or backoff)
                        raise RateLimited(_detail(response, "Too many streams."), wait)
                    response.raise_for_status()
                    self.on_state(
                        "connected" if not connected_once else "resumed", self.last_event_id
                    )
                    connected_once = True
                    for item in parse(response.iter_lines()):
                        if isinstance(item, int):
                            continue
                        backoff = 0.5
                        if not item.event:  # an id-only message: a new resume point
                            self.last_event_id = item.id or self.last_event_id
                            continue
                        if item.event == "end":
                            raise BadKey(
                                "The stream ended: the API key was revoked or expired, or its "
                                "user was deactivated."
                            )
                        if item.id and item.event in ("log", "attempt"):
                            if self._seen_before(item.id):
                                continue
                        if item.id:
                            self.last_event_id = item.id
                        if item.event == "ready":
                            # The server holds the cursor now: nothing from here on is missed.
                            self.on_state("resumed" if connected_once else "connected", item.id)
                            connected_once = True
                            continue
                        yield item
            except RateLimited as error:
                self.on_state("rate_limited", f"{error} Retrying in {error.retry_after:.0f} s.")
                time.sleep(min(error.retry_after, 60))
                continue
            except (httpx.TransportError, httpx.HTTPStatusError) as error:
                self.on_state("disconnected", f"{type(error).__name__}: {error}")
            time.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)


def _detail(response: httpx.Response, fallback: str) -> str:
    try:
        response.read()
        return response.json().get("detail") or fallback
    except (ValueError, AttributeError, httpx.HTTPError):
        return fallback
