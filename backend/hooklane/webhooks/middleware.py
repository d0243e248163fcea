"""Serve `/in/<ingest_key>` ahead of the rest of the middleware stack.

Ingest uses no session, user, CSRF token or flash message, and senders ignore browser
security headers; running that middleware for every webhook cost about a fifth of the
request. Listed first in MIDDLEWARE (after only the request id's, which every answer
carries), this answers ingest requests itself and hands everything else on. The URL
pattern stays in config/urls.py for reverse() and for stacks without this middleware.
While tracing is on, each ingest request is a span (ingest_span.py).
"""

from hooklane.core import tracing

from .ingest_span import traced_ingest
from .views.ingest import ingest

PREFIX = "/in/"


class IngestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(PREFIX):
            key = path[len(PREFIX) :]
            key = key[:-1] if key.endswith("/") else key
            if key and "/" not in key:
                if tracing.tracer is not None:
                    return traced_ingest(request, key)
                return ingest(request, key)
        return self.get_response(request)
