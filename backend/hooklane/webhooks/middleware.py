"""Serve `/in/<ingest_key>` ahead of the rest of the middleware stack.

Ingest uses no session, user, CSRF token or flash message, and senders ignore browser
security headers; running that middleware for every webhook cost about a fifth of the
request. Listed first in MIDDLEWARE, this answers ingest requests itself and hands
everything else on. The URL pattern stays in config/urls.py for reverse() and for stacks
without this middleware.
"""

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
                return ingest(request, key)
        return self.get_response(request)
