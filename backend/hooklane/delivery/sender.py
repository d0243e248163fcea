"""The one HTTP POST of an attempt, to an address the SSRF guard vetted, within one deadline.

The connection goes to `target.address` while Host and TLS SNI (and certificate checks)
use the URL's host name, so the request cannot be re-resolved elsewhere between the check
and the connect. Redirects are never followed; environment proxies are never used.

urllib3's timeouts bound each socket operation, not the attempt: a receiver that answers a
byte a second never trips them. So the attempt has one monotonic deadline, its timeout from
the start, and every socket operation (connect, TLS handshake, each send, each read of the
headers and the body) waits at most for what is left of it. A trickling receiver costs its
timeout and no more.

Connections are kept alive between attempts, in one pool per vetted address, port and host
name (Host and TLS SNI/certificate name): a connection is reused only by a later attempt
whose own SSRF check (every attempt makes one) chose the same address for the same host
name, so a receiver that moves to another address in DNS gets a new connection to the
address its new check vetted, and no connection ever carries another host's request. A
reused connection keeps to the new attempt's deadline. One idle longer than
DELIVERY_KEEPALIVE_IDLE_SECONDS, or one the receiver has closed, is not reused; an attempt
whose reused connection turns out to be closed as it sends is made once more on a new
connection (deliveries are at least once; receivers dedupe by `webhook-id`). An answer not
read to its end (longer than the excerpt) closes its connection.
"""

import contextvars
import http.client
import io
import os
import socket
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import urllib3
from django.conf import settings
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError, NewConnectionError, ProtocolError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from .db_models.delivery_attempt_model import RESPONSE_EXCERPT_BYTES
from .ssrf import VettedTarget

USER_AGENT = "Hooklane-Webhooks/1.0 (+https://hooklane.dev)"
# One send() at a time, so the deadline is looked at between pieces of a large body.
_SEND_PIECE_BYTES = 64 * 1024
# Keep-alive: idle connections kept per receiver, and for how many receivers at most (the
# least recently used goes first). How long one may idle: DELIVERY_KEEPALIVE_IDLE_SECONDS.
CONNECTIONS_PER_RECEIVER = 4
MAX_RECEIVERS = 256


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


# The deadline of the attempt running on this thread: a connection kept alive serves
# several attempts, each with its own.
_current_deadline: contextvars.ContextVar[_Deadline] = contextvars.ContextVar("deadline")


class _DeadlineSocket:
    """A connected socket (plain or TLS) whose every wait ends at the attempt's deadline.

    http.client reads through `makefile()`, so the reader is built on this object's
    `recv_into`; everything else goes to the socket itself. Setting a timeout is ignored:
    the deadline decides: the one of the attempt using the connection now."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def _arm(self) -> None:
        self._sock.settimeout(_current_deadline.get().remaining())

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
        return _current_deadline.get().remaining()

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
    """urllib3's connection, connecting within the current attempt's deadline and handing
    http.client a socket that keeps to it."""

    idle_since = 0.0

    @property
    def _deadline(self) -> _Deadline:
        return _current_deadline.get()

    def _new_conn(self) -> socket.socket:
        self.timeout = self._deadline.remaining()
        sock = super()._new_conn()
        # The TLS handshake that follows waits on this socket: only for what is left.
        sock.settimeout(self._deadline.remaining())
        return sock

    def connect(self) -> None:
        super().connect()
        self.sock = _DeadlineSocket(self.sock)


class _DeadlineHTTPConnection(_DeadlineConnectionMixin, HTTPConnection):
    pass


class _DeadlineHTTPSConnection(_DeadlineConnectionMixin, HTTPSConnection):
    pass


class _PoolMixin:
    """Reuses no connection idle past DELIVERY_KEEPALIVE_IDLE_SECONDS, and notes whether the
    attempt got a connection that had served an earlier one (its receiver may close it as
    we send)."""

    def _get_conn(self, timeout=None):
        conn = super()._get_conn(timeout)
        idle = time.monotonic() - conn.idle_since
        if conn.sock is not None and idle > settings.DELIVERY_KEEPALIVE_IDLE_SECONDS:
            conn.close()
        _reused.set(conn.sock is not None)
        return conn

    def _put_conn(self, conn) -> None:
        if conn is not None:
            conn.idle_since = time.monotonic()
        super()._put_conn(conn)


class _HTTPPool(_PoolMixin, urllib3.HTTPConnectionPool):
    ConnectionCls = _DeadlineHTTPConnection


class _HTTPSPool(_PoolMixin, urllib3.HTTPSConnectionPool):
    ConnectionCls = _DeadlineHTTPSConnection


_reused: contextvars.ContextVar[bool] = contextvars.ContextVar("reused", default=False)
_pools: OrderedDict[tuple, urllib3.HTTPConnectionPool] = OrderedDict()
_pools_lock = threading.Lock()


def _forget_pools() -> None:
    """A forked child must not share its parent's sockets (a prefork pool's children)."""
    global _pools_lock  # noqa: PLW0603 - a lock held at fork time is unusable in the child
    _pools_lock = threading.Lock()
    _pools.clear()


os.register_at_fork(after_in_child=_forget_pools)


def _receiver_key(target: VettedTarget) -> tuple:
    """What a kept connection is bound to: the address the SSRF check vetted, the port, and
    the name sent as Host and TLS SNI (and checked against the certificate)."""
    return (target.scheme, str(target.address), target.port, target.host)


def _new_pool(target: VettedTarget, maxsize: int) -> urllib3.HTTPConnectionPool:
    common = {"retries": False, "maxsize": maxsize, "block": False}
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


def _kept_pool(target: VettedTarget) -> urllib3.HTTPConnectionPool:
    key = _receiver_key(target)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = _new_pool(target, CONNECTIONS_PER_RECEIVER)
            while len(_pools) > MAX_RECEIVERS:
                _pools.popitem(last=False)[1].close()
        else:
            _pools.move_to_end(key)
    return pool


def close_kept_connections() -> None:
    """Close every connection kept alive (tests, and a worker shutting down)."""
    with _pools_lock:
        while _pools:
            _pools.popitem()[1].close()


def _stale(exc: BaseException) -> bool:
    """The receiver closed a kept connection before reading our request."""
    reason = exc.args[1] if isinstance(exc, ProtocolError) and len(exc.args) > 1 else exc
    return isinstance(
        reason, ConnectionResetError | BrokenPipeError | http.client.RemoteDisconnected
    )


def post(
    target: VettedTarget, *, body: bytes, headers: dict[str, str], timeout: float
) -> SendResult:
    """POST `body` and read at most the response excerpt, all within `timeout` seconds;
    raise SendTimeout or SendConnectionError when no whole answer came back in time."""
    request_headers = {"Host": target.host_header, "User-Agent": USER_AGENT, **headers}
    deadline = _Deadline(timeout)
    token = _current_deadline.set(deadline)
    pool = _kept_pool(target)
    response = None
    try:
        for last_try in (False, True):
            try:
                response = pool.urlopen(
                    "POST",
                    target.path,
                    body=body,
                    headers=request_headers,
                    timeout=urllib3.Timeout(total=deadline.remaining()),
                    redirect=False,
                    retries=False,
                    assert_same_host=False,
                    preload_content=False,
                    release_conn=False,
                )
                break
            except ProtocolError as exc:
                if last_try or not _reused.get() or not _stale(exc) or deadline.expired():
                    raise
        try:
            # Only the excerpt is kept, so a huge or endless body costs nothing more; a slow
            # one costs what is left of the deadline.
            excerpt = response.read(RESPONSE_EXCERPT_BYTES)
        except BaseException:
            response.close()
            raise
        finally:
            if not response.isclosed():
                # Not read to its end: the connection cannot carry another request.
                response.close()
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
        _current_deadline.reset(token)
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
    token = _current_deadline.set(deadline)
    pool = _new_pool(target, 1)
    headers = {"Host": target.host_header, "User-Agent": USER_AGENT, "Connection": "close"}
    response = None
    try:
        response = pool.urlopen(
            "GET",
            target.path,
            headers=headers,
            timeout=urllib3.Timeout(total=timeout),
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
        _current_deadline.reset(token)
    if len(body) > max_bytes:
        raise SendConnectionError(f"more than {max_bytes} bytes")
    return response.status, body
