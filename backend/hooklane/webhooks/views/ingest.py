"""`POST /in/<ingest_key>`: the one path third parties call. A plain Django view, no DRF.

Order matters: refuse by method, key and size before reading the body; verify before
storing; answer 2xx only once the row is committed.
"""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from redis.exceptions import RedisError

from hooklane.core import logs

from .. import hops
from ..cache import ingest_provider_forget, ingest_provider_get
from ..metrics import IngestSeen, measured
from ..parsing import (
    BodyTooLarge,
    MalformedRequest,
    body_stream,
    declared_length,
    parse_request,
    read_limited,
    storable_event,
)
from ..schemes import SENDERS, Handshake, SignatureError, verify
from ..services import (
    ProviderGone,
    ingest_quota_check,
    log_capture,
    log_handshake,
    log_ingest,
    log_reject,
    provider_secret_capture,
)

logger = logging.getLogger(__name__)
# The SignatureError reason of a provider without a secret yet.
NO_SECRET = "no_secret"  # noqa: S105 - a reason code, not a secret

# How long a sender should wait before retrying while PostgreSQL is unreachable.
RETRY_AFTER_SECONDS = 30
# Lost or refused connections; any other database error is a bug and stays a 500.
_UNREACHABLE = (OperationalError, InterfaceError)


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    # Said here because IngestMiddleware answers before CommonMiddleware would add it, and
    # without it the server falls back to a chunked response.
    response["Content-Length"] = str(len(response.content))
    return response


def _error(status: int, code: str, detail: str) -> JsonResponse:
    return _json({"error": code, "detail": detail}, status=status)


def _unavailable() -> JsonResponse:
    response = _error(503, "unavailable", "Storage is unavailable; retry later.")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _too_large(limit: int) -> JsonResponse:
    # No Connection header: WSGI leaves hop-by-hop headers to the server, which knows the
    # body was not read.
    return _error(413, "payload_too_large", f"The body is larger than {limit} bytes.")


# Over the rate a sender retries soon; over the stored-bytes quota only once retention has
# made room, and 507 (Insufficient Storage) tells it so without passing for a bad request.
_REFUSALS = {
    "rate_limited": (429, "This organization is over its ingest rate; retry later."),
    "over_quota": (507, "This organization is over its stored-bytes quota; retry later."),
}


def _refused(reason: str, retry_after: int) -> JsonResponse:
    status, detail = _REFUSALS[reason]
    response = _error(status, reason, detail)
    response["Retry-After"] = str(retry_after)
    return response


def _not_allowed(methods: list[str]) -> HttpResponseNotAllowed:
    response = HttpResponseNotAllowed(methods)
    response["Content-Length"] = "0"
    return response


def _handshake_answer(handshake: Handshake) -> HttpResponse:
    response = HttpResponse(
        handshake.body, status=handshake.status, content_type=handshake.content_type
    )
    for name, value in handshake.headers.items():
        response[name] = value
    response["Content-Length"] = str(len(handshake.body))
    return response


def _keep_rejected(provider, incoming, reason: str, code: str = "") -> None:
    try:
        log_reject(provider=provider, incoming=incoming, reason=reason, code=code)
    except (*_UNREACHABLE, RedisError):
        logger.warning("could not record a rejected webhook for provider %s", provider.id)


def _capture(provider, incoming, ingest_key: str, seen: IngestSeen) -> JsonResponse:
    refusal = ingest_quota_check(provider=provider, size=len(incoming.signed.body))
    if refusal is not None:
        return _refused(refusal.reason, refusal.retry_after)
    try:
        log_id = log_capture(provider=provider, incoming=incoming)
    except ProviderGone:
        ingest_provider_forget(ingest_key=ingest_key)
        return _error(404, "not_found", "No provider has this ingest URL.")
    except _UNREACHABLE:
        logger.warning("database unreachable; webhook for provider %s refused", provider.id)
        return _unavailable()
    seen.outcome = "awaiting_secret"
    seen.log_id = str(log_id)
    return _json({"id": str(log_id), "status": "awaiting_secret"}, status=202)


def _capture_secret(provider, secret: str) -> JsonResponse | None:
    """Store the secret a handshake handed over (Asana's X-Hook-Secret) when the provider has
    none yet; None when stored, else the answer that refuses the handshake. A provider with a
    secret keeps it: the sender's set-up fails visibly instead of anyone who knows the URL
    replacing the secret."""
    conflict = _error(
        409,
        "secret_already_set",
        "This provider already has a signing secret; a handshake cannot replace it. "
        "Create a new provider for a new subscription.",
    )
    if provider.signing_secret:
        return conflict
    try:
        stored = provider_secret_capture(provider_id=provider.id, signing_secret=secret)
    except _UNREACHABLE:
        return _unavailable()
    if not stored:
        return conflict
    return None


@csrf_exempt
@measured
def ingest(request, ingest_key: str, seen: IngestSeen):
    if request.method not in ("POST", "GET"):
        return _not_allowed(["POST"])
    try:
        provider = ingest_provider_get(ingest_key=ingest_key)
    except _UNREACHABLE:
        return _unavailable()
    if provider is None:
        return _error(404, "not_found", "No provider has this ingest URL.")
    if request.method == "GET" and not SENDERS[provider.provider_name].accepts_get:
        # Only senders whose set-up handshake arrives as a GET (Meta, Dropbox, X) get one.
        return _not_allowed(["POST"])
    seen.provider = provider
    logs.bind(
        organization_id=provider.organization_id,
        provider_id=provider.id,
        provider_type=provider.provider_name,
    )

    limit = provider.body_limit
    try:
        length = declared_length(request.META)
        if length is not None and length > limit:
            return _too_large(limit)
        body = read_limited(body_stream(request.META, request), limit)
        if length is not None and len(body) < length:
            # gunicorn ends wsgi.input quietly when the client stops short of its
            # Content-Length; a partial body must not be acknowledged as the webhook.
            raise MalformedRequest("the body ended before its declared length")
    except BodyTooLarge:
        return _too_large(limit)
    except MalformedRequest as exc:
        return _error(400, "malformed_request", str(exc))

    incoming = parse_request(
        request.META,
        body,
        public_base_url=settings.PUBLIC_BASE_URL,
        trust_forwarded=settings.TRUSTED_PROXY,
    )
    hop_count = hops.own_count(request.META)
    if hop_count > settings.INGEST_MAX_HOPS:
        # This deployment forwarded it here already: a destination loops back to ingest.
        seen.outcome = "loop"
        detail = f"This deployment already forwarded this webhook {hop_count} times."
        _keep_rejected(provider, incoming, f"forwarding loop: {detail}")
        return _error(508, "loop_detected", detail)

    now = time.time()
    try:
        event = verify(
            provider.provider_name,
            incoming.signed,
            provider.valid_secrets(now),
            provider.settings,
            now,
        )
    except SignatureError as exc:
        if exc.reason == NO_SECRET:
            # Capture first: kept unverified until the provider gets its secret.
            return _capture(provider, incoming, ingest_key, seen)
        seen.reason = exc.reason
        _keep_rejected(provider, incoming, str(exc), exc.reason)
        return _error(401, "invalid_signature", str(exc))

    if event.handshake is not None:
        # A set-up probe: answered as its sender documents, kept for the dashboard, and
        # never routed.
        seen.outcome = "handshake"
        if event.handshake.store_secret is not None:
            refusal = _capture_secret(provider, event.handshake.store_secret)
            if refusal is not None:
                return refusal
        try:
            log_handshake(
                provider=provider,
                incoming=incoming,
                event_type=event.event_type,
                verification=event.verification,
                confirm_url=event.handshake.confirm_url,
            )
        except (*_UNREACHABLE, RedisError):
            logger.warning("could not record a handshake for provider %s", provider.id)
        return _handshake_answer(event.handshake)

    refusal = ingest_quota_check(provider=provider, size=len(body))
    if refusal is not None:
        return _refused(refusal.reason, refusal.retry_after)

    event_id, event_type = storable_event(event)
    try:
        result = log_ingest(
            provider=provider,
            incoming=incoming,
            event_id=event_id,
            event_type=event_type,
            verification=event.verification,
        )
    except ProviderGone:
        # Deleted since it was cached: the next request must not find it either.
        ingest_provider_forget(ingest_key=ingest_key)
        return _error(404, "not_found", "No provider has this ingest URL.")
    except _UNREACHABLE:
        logger.warning("database unreachable; webhook for provider %s refused", provider.id)
        return _unavailable()
    seen.outcome = "duplicate" if result.duplicate else "accepted"
    seen.log_id = str(result.id)
    return _json({"id": str(result.id), "status": result.status, "duplicate": result.duplicate})
