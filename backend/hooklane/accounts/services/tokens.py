"""Single-use login secrets in Redis: magic-link tokens and one-time codes.

Redis holds only digests: `magic_token:<sha256(token)>` → "<user id>:<login stamp>", and
`otp:<sha256(normalize_email(email))>` → {code: HMAC of the code, user: "<user id>:<login
stamp>", tries}.
Both expire on their own. The stamp ties each to the user's credentials of the moment.
"""

import hashlib
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from hooklane.accounts.models import User, normalize_email
from hooklane.core.errors import ApplicationError
from hooklane.core.redis import redis_client

# The SPA page that reads `?token=` and posts it to /api/v1/auth/magic-link/verify/.
LOGIN_VERIFY_PATH = "/login/verify"

# Longer than any token_urlsafe(32) (43 characters); refuses junk before hashing it.
MAX_TOKEN_LENGTH = 128

# One round trip decides a guess: a right code is deleted as it is accepted (so two
# concurrent right guesses cannot both win), a wrong one counts a try and the last allowed
# wrong try deletes the code.
_OTP_CHECK = """
local user_id = redis.call('HGET', KEYS[1], 'user')
if not user_id then return {-1, ''} end
if redis.call('HGET', KEYS[1], 'code') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return {1, user_id}
end
local tries = redis.call('HINCRBY', KEYS[1], 'tries', 1)
if tries >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
return {0, user_id}
"""


class LoginFailed(ApplicationError):
    """The link or code is wrong, expired or already used."""

    code = "login_failed"


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _magic_key(token: str) -> str:
    return f"magic_token:{_sha256(token)}"


def _otp_key(email: str) -> str:
    return f"otp:{_sha256(normalize_email(email))}"


def _otp_digest(email: str, code: str) -> str:
    # Keyed by SECRET_KEY: a copy of Redis alone cannot brute-force a million codes offline.
    return salted_hmac("hooklane.accounts.otp", f"{normalize_email(email)}:{code}").hexdigest()


def magic_link_url(token: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{LOGIN_VERIFY_PATH}?{urlencode({'token': token})}"


def magic_link_issue(*, user: User) -> str:
    """Store a fresh single-use login token for the user; returns the raw token (never stored)."""
    token = secrets.token_urlsafe(32)
    redis_client().set(_magic_key(token), _subject(user), ex=settings.MAGIC_LINK_TTL_SECONDS)
    return token


def _login_stamp(password_hash: str) -> str:
    # Deactivation replaces the password hash, so a link or code issued before it never
    # works again, not even after a reactivation (found by the security suite).
    return salted_hmac("hooklane.accounts.login-stamp", password_hash).hexdigest()[:32]


def _subject(user: User) -> str:
    # Read afresh: the caller's copy of the user may predate a deactivation.
    password = User.objects.filter(pk=user.pk).values_list("password", flat=True).first()
    return f"{user.id}:{_login_stamp(password or '')}"


def _active_user(subject: bytes) -> User | None:
    """The active user a stored subject names, if their credentials have not changed since."""
    user_id, _, stamp = subject.decode().partition(":")
    user = (
        User.objects.select_related("organization")
        .filter(pk=user_id, is_active=True, organization__is_active=True)
        .first()
    )
    if user is None or not constant_time_compare(stamp, _login_stamp(user.password)):
        return None
    return user


def magic_link_consume(*, token: str) -> User:
    """Spend a token atomically (GETDEL): one use even under concurrent requests.

    Returns the active user it names; raises LoginFailed otherwise."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise LoginFailed
    subject = redis_client().getdel(_magic_key(token))
    user = _active_user(subject) if subject else None
    if user is None:
        raise LoginFailed
    return user


def otp_issue(*, user: User) -> str:
    """Replace the user's one-time code with a fresh 6-digit one; returns it (stored hashed)."""
    code = f"{secrets.randbelow(10**6):06d}"
    key = _otp_key(user.email)
    pipe = redis_client().pipeline(transaction=True)
    pipe.delete(key)
    pipe.hset(
        key, mapping={"code": _otp_digest(user.email, code), "user": _subject(user), "tries": 0}
    )
    pipe.expire(key, settings.OTP_TTL_SECONDS)
    pipe.execute()
    return code


def otp_consume(*, email: str, code: str) -> tuple[User | None, bool]:
    """Check a code for an email: (the active user, True) on success, else (the user it was
    issued to or None, False). A right code is spent; OTP_MAX_TRIES wrong ones void it."""
    status, subject = redis_client().eval(
        _OTP_CHECK, 1, _otp_key(email), _otp_digest(email, code), settings.OTP_MAX_TRIES
    )
    if status == -1:
        return None, False
    user = _active_user(subject)
    return user, status == 1 and user is not None
