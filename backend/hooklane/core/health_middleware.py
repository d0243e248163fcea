"""Answer `/healthz` and `/readyz` ahead of the session, CSRF, auth and message middleware.

Load balancers probe these many times a second, and the probes need none of that: listed
after the request id, the security headers, the Content-Security-Policy and
X-Frame-Options (so every probe's answer carries them, as before), this calls the health
views itself and hands everything else on. The URL patterns stay in config/urls.py for
reverse() and for stacks without this middleware.
"""

from . import views

_VIEWS = {"/healthz": views.healthz, "/readyz": views.readyz}


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = _VIEWS.get(request.path_info)
        if view is None:
            return self.get_response(request)
        response = view(request)
        # What CommonMiddleware would add, so the server need not chunk the answer.
        response["Content-Length"] = str(len(response.content))
        return response
