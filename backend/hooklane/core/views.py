"""Process health endpoints and the single-page app's entry point."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import FileResponse, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from redis.exceptions import RedisError

from .errors import error_body


@require_safe
def healthz(request):
    """The process is up; says nothing about its dependencies (that is /readyz)."""
    return JsonResponse({"status": "ok"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any driver failure means "not ready"
        connection.close_if_unusable_or_obsolete()
        return False
    return True


def _redis_ok() -> bool:
    try:
        cache.client.get_client(write=True).ping()
    except (RedisError, OSError):
        return False
    return True


@require_safe
@never_cache
def readyz(request):
    """200 when PostgreSQL and Redis both answer; otherwise 503 naming what failed."""
    checks = {"database": _database_ok(), "redis": _redis_ok()}
    failed = [name for name, ok in checks.items() if not ok]
    body = {
        "status": "ok" if not failed else "unavailable",
        "checks": {name: "ok" if ok else "unreachable" for name, ok in checks.items()},
    }
    return JsonResponse(body, status=503 if failed else 200)


@require_safe
def spa(request, path: str = ""):
    """Serve the built dashboard's index.html for every client-side route."""
    index = settings.FRONTEND_DIST / "index.html"
    if not index.is_file():
        return HttpResponse(
            "The dashboard is not built: run `make run` (or `npm run build` in frontend/).",
            status=503,
            content_type="text/plain",
        )
    response = FileResponse(index.open("rb"), content_type="text/html")
    response["Cache-Control"] = "no-cache"
    return response


def page_not_found(request, exception):
    """An unknown URL under /api/ answers in the API's error shape, not an HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("not_found", "No such API endpoint."), status=404)
    return defaults.page_not_found(request, exception)
