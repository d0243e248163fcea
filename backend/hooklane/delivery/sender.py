"""The one HTTP POST of an attempt, to an address the SSRF guard vetted.

The connection goes to `target.address` while Host and TLS SNI (and certificate checks)
use the URL's host name, so the request cannot be re-resolved elsewhere between the check
and the connect. Redirects are never followed; environment proxies are never used.
"""

from dataclasses import dataclass

import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from .db_models.delivery_attempt_model import RESPONSE_EXCERPT_BYTES
from .ssrf import VettedTarget

USER_AGENT = "Hooklane-Webhooks/1.0 (+https://hooklane.dev)"


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


def _pool(target: VettedTarget, timeout: urllib3.Timeout) -> urllib3.HTTPConnectionPool:
    common = {"timeout": timeout, "retries": False, "maxsize": 1, "block": False}
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            str(target.address),
            target.port,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
            **common,
        )
    return urllib3.HTTPConnectionPool(str(target.address), target.port, **common)


def post(
    target: VettedTarget, *, body: bytes, headers: dict[str, str], timeout: float
) -> SendResult:
    """POST `body` and read at most the response excerpt; raise SendTimeout or
    SendConnectionError when no HTTP status came back."""
    request_headers = {
        "Host": target.host_header,
        "User-Agent": USER_AGENT,
        "Connection": "close",
        **headers,
    }
    pool = _pool(target, urllib3.Timeout(total=timeout))
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
            # Only the excerpt is kept, so a huge or endless body costs nothing more.
            excerpt = response.read(RESPONSE_EXCERPT_BYTES)
        finally:
            response.release_conn()
    except NewConnectionError as exc:
        # urllib3 derives this from its connect-timeout error, but it is a refusal.
        raise SendConnectionError(_describe(exc)) from exc
    except (Urllib3Timeout, TimeoutError) as exc:
        raise SendTimeout(f"No response within {timeout:g} s.") from exc
    except (HTTPError, OSError) as exc:
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


def _describe(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    text = str(reason)
    # urllib3 prefixes its own object reprs; people want the OS error.
    if "Errno" in text:
        text = text[text.index("[Errno") :] if "[Errno" in text else text
    return text[:500]
