"""Signing secrets at rest: Fernet tokens under SECRETS_ENCRYPTION_KEYS (first encrypts).

Fernet (AES-128-CBC with HMAC-SHA256 over version, time, IV and ciphertext) is
authenticated encryption with a random IV per token and nothing to get wrong by hand;
MultiFernet gives exactly the rotation rule the setting promises: the first key encrypts,
every key decrypts. A token is text, so it fits the columns that held the secrets.
"""

import base64
import binascii
import hashlib
from collections import OrderedDict
from threading import Lock

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

SETTING = "SECRETS_ENCRYPTION_KEYS"
# Decrypted values by token: ingest asks for the same few secrets on every request, and a
# process that holds the keys gains nothing from forgetting what they decrypt.
_DECRYPTED_MAX_ENTRIES = 4096
_decrypted: OrderedDict[str, str] = OrderedDict()
_lock = Lock()
_MAKE_ONE = (
    'make one with: python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())"'
)
_keys: tuple[tuple[str, ...], MultiFernet, Fernet] | None = None


class SecretDecryptionError(Exception):
    """A stored secret does not decrypt: its key was removed, or the value was altered."""


def development_key(secret_key: str) -> str:
    """The key `make run` and the tests use when none is set, derived from SECRET_KEY."""
    digest = hashlib.sha256(b"hooklane secrets at rest\x00" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def check_keys(keys: list[str]) -> list[str]:
    """The keys as given, or ImproperlyConfigured naming the setting and the bad entry."""
    if not keys:
        raise ImproperlyConfigured(
            f"{SETTING} must list at least one key (there is no default when DEBUG is off); "
            f"{_MAKE_ONE}"
        )
    for position, key in enumerate(keys, start=1):
        try:
            raw = base64.urlsafe_b64decode(key.encode())
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 32:
            raise ImproperlyConfigured(
                f"{SETTING}: key {position} is not a Fernet key (32 bytes in URL-safe "
                f"base64); {_MAKE_ONE}"
            )
    return keys


def _fernets() -> tuple[MultiFernet, Fernet]:
    global _keys
    from django.conf import settings

    keys = tuple(getattr(settings, SETTING))
    cached = _keys
    if cached is None or cached[0] != keys:
        check_keys(list(keys))
        fernets = [Fernet(key) for key in keys]
        cached = _keys = (keys, MultiFernet(fernets), fernets[0])
    return cached[1], cached[2]


def encrypt(plaintext: str) -> str:
    """A token for `plaintext` under the newest key."""
    return _fernets()[0].encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    """The plaintext of a token made under any configured key; SecretDecryptionError when
    no key opens it or it was tampered with."""
    with _lock:
        found = _decrypted.get(token)
        if found is not None:
            _decrypted.move_to_end(token)
            return found
    try:
        plaintext = _fernets()[0].decrypt(token.encode()).decode()
    except (InvalidToken, UnicodeError):
        raise _undecryptable() from None
    with _lock:
        _decrypted[token] = plaintext
        if len(_decrypted) > _DECRYPTED_MAX_ENTRIES:
            _decrypted.popitem(last=False)
    return plaintext


def is_current(token: str) -> bool:
    """True when the newest key opens the token (rotation has nothing to do for it)."""
    try:
        _fernets()[1].decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def reencrypt(token: str) -> str:
    """The same plaintext under the newest key; SecretDecryptionError as decrypt()."""
    try:
        return _fernets()[0].rotate(token.encode()).decode()
    except InvalidToken:
        raise _undecryptable() from None


def rotation_change(token: str) -> str | None:
    """For reseal_rows: the token under the newest key, or None when it already is."""
    return None if is_current(token) else reencrypt(token)


def plaintext_change(value: str) -> str | None:
    """For the migration that encrypts existing rows: a token for a plaintext value, None
    for a value that already decrypts (so running it twice changes nothing)."""
    try:
        decrypt(value)
    except SecretDecryptionError:
        return encrypt(value)
    return None


def _undecryptable() -> SecretDecryptionError:
    return SecretDecryptionError(
        f"a stored secret does not decrypt with any key in {SETTING} (its key was removed "
        "before `manage.py reencrypt_secrets` ran, or the value was altered)"
    )


def _forget(*, setting: str, **kwargs) -> None:
    # Tests change the keys; a token must not stay readable after its key is gone.
    if setting == SETTING:
        with _lock:
            _decrypted.clear()


setting_changed.connect(_forget)
