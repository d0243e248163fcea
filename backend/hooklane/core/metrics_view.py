"""`GET /metrics`: the Prometheus exposition, for a scraper that holds METRICS_TOKEN.

Without METRICS_TOKEN the endpoint does not exist (404). With it, the request must carry
`Authorization: Bearer <METRICS_TOKEN>`; nothing else opens it (no session, no API key).
A plain Django view, outside the API and its schema.
"""

import hmac

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client.exposition import choose_encoder

from .metrics import scrape_registry


def _bearer(request) -> bytes:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    return credentials.strip().encode() if scheme.lower() == "bearer" else b""


@require_safe
@never_cache
def metrics(request):
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404("metrics are off")
    if not hmac.compare_digest(_bearer(request), token.encode()):
        response = HttpResponse("A metrics token is required.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        response["Content-Type"] = "text/plain; charset=utf-8"
        return response
    encoder, content_type = choose_encoder(request.headers.get("Accept", ""))
    return HttpResponse(encoder(scrape_registry()), content_type=content_type)
