"""`hooklane listen PORT`: every matching webhook Hooklane accepts, POSTed to the local port
as it arrived (method, headers, byte-exact body) plus Standard Webhooks headers signed with
the listen session's secret; each local answer is reported back as an attempt.

Events come one at a time from the stream, in order, and the next waits for the local answer
and its report: after a reconnect the stream resumes from the last event id, and a log id
already forwarded is never forwarded again."""

import json
import socket
import time
from collections import OrderedDict

import httpx

from . import sse
from .api import Api
from .errors import CliError, NotFound, NothingListening, RateLimited, SessionExpired, Unreachable
from .output import Printer, provider_label
from .signing import sign

# Not forwarded: hop-by-hop headers and what the local request sets itself.
SKIPPED_HEADERS = {
    "host",
    "content-length",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "proxy-connection",
    "accept-encoding",
    "expect",
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
}
REDACTED = "[redacted]"
# Accepted webhooks only (held: its provider is paused, but it was accepted); a refused
# signature, a repeated event id, a handshake or a capture awaiting its secret is not.
FORWARDED = {"received", "held"}
EXCERPT_BYTES = 4096
REMEMBERED_LOGS = 10_000


def stream_params(provider_id: str | None, event_type: str | None, status: str | None) -> dict:
    params = {"provider": provider_id, "event_type": event_type, "status": status}
    return {name: value for name, value in params.items() if value}


class Listener:
    def __init__(
        self,
        api: Api,
        printer: Printer,
        *,
        port: int,
        path: str,
        host: str,
        provider_id: str | None,
        event_type: str | None,
        timeout: float,
    ) -> None:
        self.api, self.printer = api, printer
        self.host, self.port = host, port
        self.target = f"http://{host}:{port}/{path.lstrip('/')}"
        self.provider_id, self.event_type = provider_id, event_type
        self.local = httpx.Client(timeout=timeout, trust_env=False, follow_redirects=False)
        self.session: dict = {}
        self.forwarded: OrderedDict[str, None] = OrderedDict()
        self.last_received_at: str | None = None

    def check_local_port(self) -> None:
        try:
            with socket.create_connection((self.host, self.port), timeout=2):
                pass
        except OSError as error:
            raise NothingListening(
                f"Nothing is listening on {self.host}:{self.port} ({error.strerror or error}); "
                "start your server first."
            ) from None

    def start_session(self) -> None:
        self.session = self.api.post(
            "/api/v1/listen-sessions/",
            {
                "provider_id": self.provider_id,
                "event_type": self.event_type or "",
                "forward_to": self.target,
            },
        )
        self.printer.info(
            f"Forwarding to {self.target}; signing with {self.session['signing_secret']} "
            f"(listen session {self.session['id']})"
        )

    def run(self) -> None:
        self.check_local_port()
        self.start_session()
        stream = sse.Stream(
            self.api.http,
            self.api.config.stream_url,
            {**stream_params(self.provider_id, self.event_type, None), "types": "log"},
            on_state=self._state,
        )
        for event in stream.events():
            if event.event == "reset":
                self.resync()
            if event.event != "log":
                continue
            self.handle(json.loads(event.data))

    def handle(self, log: dict) -> None:
        if log.get("status") not in FORWARDED or log["id"] in self.forwarded:
            return
        self.forward(log)
        self.forwarded[log["id"]] = None
        self.last_received_at = log.get("received_at") or self.last_received_at
        if len(self.forwarded) > REMEMBERED_LOGS:
            self.forwarded.popitem(last=False)

    def resync(self) -> None:
        """The stream lost entries (the cursor was older than Redis keeps): take what was
        accepted since the last webhook forwarded from the REST list (up to 200), oldest
        first, then go on with the stream."""
        self.printer.info("The stream lost entries; catching up from the log list")
        page = self._patiently(
            "Catching up",
            lambda: self.api.get(
                "/api/v1/logs/",
                provider=self.provider_id,
                event_type=self.event_type,
                status=",".join(sorted(FORWARDED)),
                received_after=self.last_received_at,
                page_size=200,
            ),
        )
        for log in reversed(page.get("results", [])):
            self.handle(log)

    def _state(self, state: str, detail: str) -> None:
        if state == "connected":
            self.printer.info("Ready: waiting for webhooks (Ctrl-C to stop)")
        elif state == "resumed":
            self.printer.info(f"Reconnected; resuming after event {detail or 'the start'}")
        else:
            self.printer.info(f"Stream {state}: {detail}; reconnecting")

    def _patiently(self, what: str, call):
        """Hooklane's API may be restarting too: wait for it (backoff to 10 s) rather than
        lose the event. Other errors (a bad key, a deleted log) end the wait."""
        backoff = 0.5
        while True:
            try:
                return call()
            except (Unreachable, RateLimited) as error:
                wait = getattr(error, "retry_after", backoff)
                self.printer.info(f"{what}: {error}; retrying in {wait:.1f} s")
            except CliError as error:
                if type(error) is not CliError:  # a 5xx is worth waiting for; the rest is not
                    raise
                wait = backoff
                self.printer.info(f"{what}: {error}; retrying in {wait:.1f} s")
            time.sleep(wait)
            backoff = min(backoff * 2, 10.0)

    def forward(self, summary: dict) -> None:
        try:
            log = self._patiently(
                "Fetching the webhook", lambda: self.api.get(f"/api/v1/logs/{summary['id']}/")
            )
            body = self._patiently("Fetching its body", lambda: self.api.raw(summary["id"]))
        except NotFound:
            self.printer.info(f"Log {summary['id']} is gone (deleted or past retention)")
            return
        headers = {
            name: value
            for name, value in (log.get("headers") or {}).items()
            if name.lower() not in SKIPPED_HEADERS and value != REDACTED
        }
        if log.get("content_type"):
            headers["content-type"] = log["content_type"]
        msg_id, timestamp = f"msg_{log['id']}", int(time.time())
        headers["webhook-id"] = msg_id
        headers["webhook-timestamp"] = str(timestamp)
        headers["webhook-signature"] = sign(self.session["signing_secret"], msg_id, timestamp, body)
        started = time.monotonic()
        status_code, failure, excerpt, error = None, "", "", ""
        try:
            response = self.local.request(
                log.get("method") or "POST", self.target, headers=headers, content=body
            )
            status_code = response.status_code
            excerpt = response.content[:EXCERPT_BYTES].decode("utf-8", "replace")
        except httpx.TimeoutException as exc:
            failure, error = "timeout", f"No answer from {self.target}: {exc}"
        except httpx.TransportError as exc:
            failure = "connection_error"
            error = f"Nothing listening on {self.host}:{self.port}? {exc}"
        duration_ms = int((time.monotonic() - started) * 1000)
        self._patiently(
            "Reporting the answer",
            lambda: self.report(log["id"], status_code, failure, duration_ms, excerpt, error),
        )
        self.show(log, status_code, failure, duration_ms, error)

    def report(self, log_id, status_code, failure, duration_ms, excerpt, error) -> None:
        body = {
            "log_id": log_id,
            "status_code": status_code,
            "duration_ms": duration_ms,
            "response_excerpt": excerpt,
            "error": error,
        }
        if failure:
            body["failure"] = failure
        try:
            self.api.post(f"/api/v1/listen-sessions/{self.session['id']}/attempts/", body)
        except SessionExpired:
            self.printer.info("The listen session expired; starting a new one.")
            self.start_session()
            self.api.post(f"/api/v1/listen-sessions/{self.session['id']}/attempts/", body)

    def show(self, log: dict, status_code, failure, duration_ms, error) -> None:
        if self.printer.json_lines:
            self.printer.data(
                {
                    "log_id": log["id"],
                    "received_at": log.get("received_at"),
                    "provider": provider_label(log),
                    "event_type": log.get("event_type"),
                    "status_code": status_code,
                    "failure": failure or None,
                    "duration_ms": duration_ms,
                    "error": error or None,
                }
            )
            return
        tail = f"→ {self.printer.status(status_code, failure)}  {duration_ms:>5} ms"
        self.printer.line(
            received_at=log.get("received_at", ""),
            provider=provider_label(log),
            event_type=log.get("event_type", ""),
            tail=tail,
            log_id=log["id"],
        )
