"""The one HTTP POST of an attempt, to an address the SSRF guard vetted, within one deadline.

The connection goes to `target.address` while Host and TLS SNI (and certificate checks)
use the URL's host name, so the request cannot be re-resolved elsewhere between the check
and the connect. Redirects are never followed; environment proxies are never used.

urllib3's timeouts bound each socket operation, not the attempt: a receiver that answers a
byte a second never trips them. So the attempt has one monotonic deadline, its timeout from
the start, and every socket operation (connect, TLS handshake, each send, each read of the
headers and the body) waits at most for what is left of it. A trickling receiver costs its
timeout and no more.
"""

import io
import socket
import time
from dataclasses import dataclass

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError, NewConnectionError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from .db_models.delivery_attempt_model import RESPONSE_EXCERPT_BYTES
from .ssrf import VettedTarget

USER_AGENT = "Hooklane-Webhooks/1.0 (+https://hooklane.dev)"
# One send() at a time, so the deadline is looked at between pieces of a large body.
_SEND_PIECE_BYTES = 64 * 1024


class SendTimeout(Exception):
    """The destination did not answer within its timeout."""


class SendConnectionError(Exception):
    """The connection failed (refused, reset, TLS, protocol)."""


@dataclass(frozen=True)
class SendResult:
    status_code: int
    excerpt: str
    retry_after: str | None
    location: str | None


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def expired(self) -> bool:
        return time.monotonic() >= self.at

    def remaining(self) -> float:
        """Seconds left; TimeoutError (what a socket raises) once there are none."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"deadline of {self.seconds:g} s passed")
        return left


class _DeadlineSocket:
    """A connected socket (plain or TLS) whose every wait ends at the attempt's deadline.

    http.client reads through `makefile()`, so the reader is built on this object's
    `recv_into`; everything else goes to the socket itself. Setting a timeout is ignored:
    the deadline decides."""

    def __init__(self, sock: socket.socket, deadline: _Deadline) -> None:
        self._sock = sock
        self._deadline = deadline

    def _arm(self) -> None:
        self._sock.settimeout(self._deadline.remaining())

    def recv_into(self, buffer, nbytes: int = 0, flags: int = 0) -> int:
        self._arm()
        return self._sock.recv_into(buffer, nbytes, flags)

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        self._arm()
        return self._sock.recv(bufsize, flags)

    def send(self, data, flags: int = 0) -> int:
        self._arm()
        return self._sock.send(data, flags)

    def sendall(self, data, flags: int = 0) -> None:
        view = memoryview(data).cast("B")
        while view:
            view = view[self.send(view[:_SEND_PIECE_BYTES], flags) :]

    def settimeout(self, _value) -> None:
        """The deadline, not the caller, decides how long each operation may wait."""

    def gettimeout(self) -> float:
        return self._deadline.remaining()

    def makefile(self, mode: str = "rb", buffering: int = -1, **_kwargs) -> io.BufferedReader:
        if mode != "rb":
            raise ValueError(f"only a binary reader is needed, not {mode!r}")
        # What socket.makefile does: the socket stays open until this reader is closed.
        self._sock._io_refs += 1  # noqa: SLF001
        size = buffering if buffering > 0 else io.DEFAULT_BUFFER_SIZE
        return io.BufferedReader(socket.SocketIO(self, "rb"), size)

    def __getattr__(self, name: str):
        return getattr(self._sock, name)


class _DeadlineConnectionMixin:
    """urllib3's connection, connecting within the deadline and handing http.client a
    socket that keeps to it. `deadline` arrives through the pool's connection keywords."""

    def __init__(self, *args, deadline: _Deadline, **kwargs) -> None:
        self._deadline = deadline
        super().__init__(*args, **kwargs)

    def _new_conn(self) -> socket.socket:
        self.timeout = self._deadline.remaining()
        sock = super()._new_conn()
        # The TLS handshake that follows waits on this socket: only for what is left.
        sock.settimeout(self._deadline.remaining())
        return sock

    def connect(self) -> None:
        super().connect()
        self.sock = _DeadlineSocket(self.sock, self._deadline)


class _DeadlineHTTPConnection(_DeadlineConnectionMixin, HTTPConnection):
    pass


class _DeadlineHTTPSConnection(_DeadlineConnectionMixin, HTTPSConnection):
    pass


class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _DeadlineHTTPConnection


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _DeadlineHTTPSConnection


def _pool(target: VettedTarget, deadline: _Deadline) -> urllib3.HTTPConnectionPool:
    common = {
        "timeout": urllib3.Timeout(total=deadline.seconds),
        "retries": False,
        "maxsize": 1,
        "block": False,
        "deadline": deadline,
    }
    if target.scheme == "https":
        return _HTTPSPool(
            str(target.address),
            target.port,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
            **common,
        )
    return _HTTPPool(str(target.address), target.port, **common)


def post(
    target: VettedTarget, *, body: bytes, headers: dict[str, str], timeout: float
) -> SendResult:
    """POST `body` and read at most the response excerpt, all within `timeout` seconds;
    raise SendTimeout or SendConnectionError when no whole answer came back in time."""
    request_headers = {
        "Host": target.host_header,
        "User-Agent": USER_AGENT,
        "Connection": "close",
        **headers,
    }
    deadline = _Deadline(timeout)
    pool = _pool(target, deadline)
    response = None
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers=request_headers,
            redirect=False,
            retries=False,
            assert_same_host=False,
            preload_content=False,
        )
        try:
            # Only the excerpt is kept, so a huge or endless body costs nothing more; a slow
            # one costs what is left of the deadline.
            excerpt = response.read(RESPONSE_EXCERPT_BYTES)
        finally:
            response.release_conn()
    except NewConnectionError as exc:
        # urllib3 derives this from its connect-timeout error, but it is a refusal.
        raise SendConnectionError(_describe(exc)) from exc
    except (Urllib3Timeout, TimeoutError) as exc:
        raise _timed_out(response, timeout) from exc
    except (HTTPError, OSError) as exc:
        # urllib3 reports a timeout while sending as an aborted connection.
        if deadline.expired():
            raise _timed_out(response, timeout) from exc
        raise SendConnectionError(_describe(exc)) from exc
    finally:
        pool.close()
    return SendResult(
        status_code=response.status,
        # PostgreSQL text cannot hold NUL; a binary answer is kept readable, not refused.
        excerpt=excerpt.decode("utf-8", errors="replace").replace("\x00", "\ufffd"),
        retry_after=response.headers.get("Retry-After"),
        location=response.headers.get("Location"),
    )


def _timed_out(response, timeout: float) -> SendTimeout:
    if response is None:
        return SendTimeout(f"No response within {timeout:g} s.")
    return SendTimeout(
        f"HTTP {response.status} came, but its body was still arriving after {timeout:g} s."
    )


def _describe(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    text = str(reason)
    # urllib3 prefixes its own object reprs; people want the OS error.
    if "Errno" in text:
        text = text[text.index("[Errno") :] if "[Errno" in text else text
    return text[:500]


def get(target: VettedTarget, *, timeout: float, max_bytes: int) -> tuple[int, bytes]:
    """GET a small document (a sender's signing certificate) within `timeout` seconds; at most
    `max_bytes` are read, and a longer body is refused rather than cut."""
    deadline = _Deadline(timeout)
    pool = _pool(target, deadline)
    headers = {"Host": target.host_header, "User-Agent": USER_AGENT, "Connection": "close"}
    response = None
    try:
        response = pool.urlopen(
            "GET",
            target.path,
            headers=headers,
            redirect=False,
            retries=False,
            assert_same_host=False,
            preload_content=False,
        )
        try:
            body = response.read(max_bytes + 1)
        finally:
            response.release_conn()
    except NewConnectionError as exc:
        raise SendConnectionError(_describe(exc)) from exc
    except (Urllib3Timeout, TimeoutError) as exc:
        raise _timed_out(response, timeout) from exc
    except (HTTPError, OSError) as exc:
        if deadline.expired():
            raise _timed_out(response, timeout) from exc
        raise SendConnectionError(_describe(exc)) from exc
    finally:
        pool.close()
    if len(body) > max_bytes:
        raise SendConnectionError(f"more than {max_bytes} bytes")
    return response.status, body
