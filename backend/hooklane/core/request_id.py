"""Every request has an id: the caller's `X-Request-ID` when it is well formed, else a new
one. It is bound to every log line of the request (and of the tasks it publishes) and
returned in the `X-Request-ID` header of every response, so a user's report of an error
finds its log lines.
"""

import os
import re

from . import logs

HEADER = "X-Request-ID"
_META_KEY = "HTTP_X_REQUEST_ID"
# What proxies and clients send (UUIDs, hex, base64url, "host:counter"); nothing that could
# break a log line or a header, and short enough to index.
_VALID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+=/-]{0,127}")


def is_valid(value: str) -> bool:
    return _VALID.fullmatch(value) is not None


class RequestIdMiddleware:
    """First in MIDDLEWARE, ahead of IngestMiddleware, so ingest answers carry the id too.

    Per request: one header read, a regex match or 16 random bytes, one context variable set and
    one header written. The context is not cleared on the way out: Django logs a 4xx
    answer ("Not Found: ...") after the middleware returned, and that line needs the id;
    the next request on the thread starts its own context."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        inbound = request.META.get(_META_KEY)
        # 128 random bits as 32 hex digits, like uuid4().hex at a third of its cost.
        request_id = inbound if inbound and _VALID.fullmatch(inbound) else os.urandom(16).hex()
        logs.begin(request_id=request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response
