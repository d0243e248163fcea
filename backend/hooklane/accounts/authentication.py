"""`Authorization: Bearer <api key>` for scripts; the session cookie serves the SPA."""

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from hooklane.core.redis import redis_client

from .db_models.api_key_model import KEY_PREFIX, hash_key
from .models import ApiKey

LAST_USED_EVERY_SECONDS = 60


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Authorization header must be 'Bearer <key>'.")
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid API key.") from None
        if not raw.startswith(KEY_PREFIX):
            raise exceptions.AuthenticationFailed("Invalid API key.")
        key = (
            ApiKey.objects.select_related("created_by", "organization")
            .filter(key_hash=hash_key(raw))
            .first()
        )
        now = timezone.now()
        if key is None or not key.is_usable(now):
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked API key.")
        self._touch(key, now)
        user = key.created_by
        # The key's organization is authoritative (the creator cannot move, but be explicit).
        user.organization = key.organization
        return user, key

    def authenticate_header(self, request) -> str:
        return self.keyword

    @staticmethod
    def _touch(key: ApiKey, now) -> None:
        # At most one UPDATE a minute per key: SET NX decides which request writes.
        if redis_client().set(f"apikey_used:{key.id}", 1, nx=True, ex=LAST_USED_EVERY_SECONDS):
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now


class CsrfCheckedSessionAuthentication(authentication.SessionAuthentication):
    """Session authentication that checks CSRF for anonymous requests too.

    DRF checks CSRF only once a session is logged in; the login endpoints would otherwise
    let a cross-site form log a victim in to the attacker's account (login CSRF)."""

    def authenticate(self, request):
        self.enforce_csrf(request)
        user = getattr(request._request, "user", None)
        if not user or not user.is_active:
            return None
        return user, None


class CsrfCheckedSessionScheme(OpenApiAuthenticationExtension):
    target_class = CsrfCheckedSessionAuthentication
    name = "csrfCheckedCookieAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "The session cookie; the login endpoints check the CSRF token "
            "(`X-CSRFToken`, from GET /api/v1/auth/csrf/) even before anyone is logged in.",
        }


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key (`hlk_...`) created under Settings → API keys.",
        }
