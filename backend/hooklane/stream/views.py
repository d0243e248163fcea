"""GET /api/v1/stream/logs: the organization's live feed as Server-Sent Events (ASGI only),
and GET /api/v1/stream/, which tells clients where that is."""

import json
import time
from collections.abc import AsyncIterator
from importlib import import_module
from urllib.parse import urlsplit

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from drf_spectacular.utils import OpenApiExample, extend_schema
from redis.exceptions import RedisError
from rest_framework import exceptions
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from hooklane.accounts.authentication import ApiKeyAuthentication
from hooklane.accounts.models import ApiKey, User
from hooklane.accounts.views.schema import errors
from hooklane.core.errors import ApplicationError, error_body

from . import feed as feeds
from .cursors import StreamId, lost_entries, parse
from .filters import StreamFilters, stream_filters
from .serializers import StreamInfoOutput
from .slots import Slot

STREAM_PATH = "/api/v1/stream/logs"
RESYNC_PATH = "/api/v1/logs/"


def stream_url() -> str:
    """Where clients open the stream: STREAM_PUBLIC_URL's, or this origin's path."""
    return f"{settings.STREAM_PUBLIC_URL}{STREAM_PATH}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _allowed_origins() -> set[str]:
    return {_origin(url) for url in [settings.PUBLIC_BASE_URL, *settings.CSRF_TRUSTED_ORIGINS]}


def _with_cors(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    # The dashboard opens the stream from its own origin when STREAM_PUBLIC_URL is another
    # (`make run`: port 8001 beside 8000), with the session cookie (withCredentials).
    origin = request.headers.get("Origin")
    if origin and origin in _allowed_origins():
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Credentials"] = "true"
    response["Vary"] = "Origin"
    return response


def _error(request, status: int, code: str, detail: str, **extra) -> HttpResponse:
    response = JsonResponse({**error_body(code, detail), **extra}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return _with_cors(request, response)


class _Caller:
    """Who opened the stream, and how to tell later that they still may."""

    def __init__(self, user: User, key: ApiKey | None, session_key: str | None) -> None:
        self.user, self.key, self.session_key = user, key, session_key
        self.principal = f"key:{key.pk}" if key else f"user:{user.pk}"

    def still_allowed(self) -> bool:
        if self.key is not None:
            key = ApiKey.objects.select_related("created_by", "organization").filter(pk=self.key.pk)
            found = key.first()
            return found is not None and found.is_usable(timezone.now())
        store = import_module(settings.SESSION_ENGINE).SessionStore
        return User.objects.filter(
            pk=self.user.pk, is_active=True, organization__is_active=True
        ).exists() and store().exists(self.session_key)


def _authenticate(request: HttpRequest) -> _Caller | None:
    """The API key's caller (bearer), else the session's; None for nobody. A bad key raises
    AuthenticationFailed."""
    if request.headers.get("Authorization"):
        found = ApiKeyAuthentication().authenticate(request)
        if found is None:
            raise exceptions.AuthenticationFailed("Authorization header must be 'Bearer <key>'.")
        user, key = found
        return _Caller(user, key, None)
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return None
    origin = request.headers.get("Origin")
    if origin and origin not in _allowed_origins():
        # A page elsewhere cannot read the stream anyway (CORS); it gets nothing at all.
        raise exceptions.PermissionDenied("This origin may not open the stream.")
    return _Caller(user, None, request.session.session_key)


def _sse(entry_id: StreamId | None, kind: str | None, data: str | None) -> bytes:
    lines = []
    if entry_id is not None:
        lines.append(f"id: {entry_id}")
    if kind is not None:
        lines.append(f"event: {kind}")
    if data is not None:
        lines.append(f"data: {data}")
    return ("\n".join(lines) + "\n\n").encode()


def _json(**values) -> str:
    return json.dumps(values, separators=(",", ":"))


async def _events(
    *, caller: _Caller, filters: StreamFilters, cursor: StreamId | None, slot: Slot
) -> AsyncIterator[bytes]:
    feed = await feeds.join(caller.user.organization_id)
    try:
        ping = settings.STREAM_PING_SECONDS
        yield f"retry: {int(ping * 200)}\n\n".encode()
        if cursor is not None and lost_entries(cursor, await feeds.stream_info(feed.key)):
            cursor = None
            yield _sse(
                feed.last,
                "reset",
                _json(reason="cursor_expired", cursor=str(feed.last), resync_url=RESYNC_PATH),
            )
        if cursor is None:
            cursor = feed.last
        yield _sse(cursor, "ready", _json(cursor=str(cursor), ping_seconds=ping))
        sent = cursor
        next_ping = time.monotonic() + ping
        next_check = time.monotonic() + settings.STREAM_SLOT_LEASE_SECONDS / 2
        while True:
            entries = feed.since(cursor)
            if entries is None:
                entries, lost = await feeds.read_after(
                    feed.key, cursor, settings.STREAM_BACKFILL_BATCH
                )
                if lost:
                    cursor = sent = feed.last
                    yield _sse(
                        cursor,
                        "reset",
                        _json(reason="cursor_expired", cursor=str(cursor), resync_url=RESYNC_PATH),
                    )
                    continue
            for entry in entries:
                cursor = entry.id
                if filters.admits(entry):
                    sent = cursor
                    yield _sse(entry.id, entry.kind, entry.data)
            now = time.monotonic()
            if now >= next_ping:
                # A comment keeps proxies from closing an idle stream; the id moves the
                # client's resume point past entries its filters skipped.
                yield b": ping\n" + (f"id: {cursor}\n\n".encode() if cursor != sent else b"\n")
                sent = cursor
                next_ping = now + ping
                await slot.renew()
            if now >= next_check:
                next_check = now + settings.STREAM_SLOT_LEASE_SECONDS / 2
                if not await sync_to_async(caller.still_allowed)():
                    yield _sse(None, "end", _json(reason="credentials_revoked"))
                    return
            if not entries:
                await feed.wait(max(0.0, next_ping - time.monotonic()))
    finally:
        feeds.leave(feed)
        try:
            await slot.release()
        except (RedisError, OSError):
            pass  # the lease runs out by itself


def _start_cursor(request: HttpRequest) -> tuple[StreamId | None, bool]:
    raw = request.headers.get("Last-Event-ID") or request.GET.get("cursor") or ""
    if not raw:
        return None, True
    cursor = parse(raw)
    return cursor, cursor is not None


@require_GET
async def stream_logs(request: HttpRequest) -> HttpResponse:
    """The caller's organization's live feed, as text/event-stream."""
    if not isinstance(request, ASGIRequest):
        return _error(
            request,
            503,
            "stream_elsewhere",
            "This server does not serve the live stream; open stream_url.",
            stream_url=stream_url(),
        )
    try:
        caller = await sync_to_async(_authenticate)(request)
    except exceptions.AuthenticationFailed as exc:
        return _error(request, 401, "authentication_failed", str(exc.detail))
    except exceptions.PermissionDenied as exc:
        return _error(request, 403, "permission_denied", str(exc.detail))
    if caller is None:
        return _error(
            request, 401, "not_authenticated", "Authentication credentials were not provided."
        )
    cursor, valid = _start_cursor(request)
    if not valid:
        return _error(
            request, 400, "invalid", "The cursor is not a stream id.", fields={"cursor": []}
        )
    try:
        filters = await sync_to_async(stream_filters)(
            organization=caller.user.organization, query=request.GET
        )
    except ApplicationError as exc:
        return _error(request, exc.status_code, exc.code, str(exc.detail), fields=exc.fields)
    slot = Slot(caller.principal)
    if not await slot.acquire():
        response = _error(
            request,
            429,
            "too_many_streams",
            f"At most {settings.STREAM_MAX_PER_PRINCIPAL} open streams per API key or user; "
            "close one first.",
        )
        response["Retry-After"] = str(int(settings.STREAM_PING_SECONDS))
        return response
    response = StreamingHttpResponse(
        _events(caller=caller, filters=filters, cursor=cursor, slot=slot),
        content_type="text/event-stream",
    )
    response["Cache-Control"] = "no-cache, no-transform"
    # nginx: pass each event on as it comes (deploy/README.md).
    response["X-Accel-Buffering"] = "no"
    return _with_cors(request, response)


class StreamInfoView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["stream"],
        operation_id="stream_info",
        summary="Where the live stream is",
        description=(
            "The live feed of the caller's organization is `GET stream_url` "
            "(`text/event-stream`), served by the ASGI process: with `make run` on its own "
            "port, behind a proxy on the same origin. Query: `types` (`log`, `attempt`; "
            "default both), `provider` (id or display name, repeatable), `event_type` (`*` "
            "is a wildcard), `status` (log statuses, comma-separated), `log` (one log's "
            "entries), `cursor` (or the `Last-Event-ID` header) to resume after an event id. "
            "Events: `ready` (the cursor it starts after), `log`, `attempt`, `reset` (the "
            "cursor is older than what is kept: resync from the log list, then go on from "
            "the new cursor), `end`; a `: ping` comment every `ping_seconds`. Authenticated "
            "by API key (any scope) or the session; at most `max_per_principal` streams at "
            "once per key or user (429 `too_many_streams`). A WSGI server answers the path "
            "with 503 `stream_elsewhere` and the `stream_url`."
        ),
        responses={200: StreamInfoOutput, **errors(401)},
        examples=[
            OpenApiExample(
                "make run",
                value={
                    "stream_url": "http://127.0.0.1:8001/api/v1/stream/logs",
                    "ping_seconds": 15.0,
                    "max_per_principal": 5,
                    "retained_per_organization": 10000,
                    "types": ["log", "attempt"],
                },
                response_only=True,
            )
        ],
    )
    def get(self, request):
        return Response(
            StreamInfoOutput(
                {
                    "stream_url": stream_url(),
                    "ping_seconds": settings.STREAM_PING_SECONDS,
                    "max_per_principal": settings.STREAM_MAX_PER_PRINCIPAL,
                    "retained_per_organization": settings.LIVE_RETAIN_PER_ORG,
                    "types": ["log", "attempt"],
                }
            ).data
        )
