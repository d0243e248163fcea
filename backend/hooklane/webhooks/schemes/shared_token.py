"""Senders that authenticate with a shared token instead of signing: the token is compared.

No SENDER here: this module only holds the comparison GitLab, Telegram, Okta and Microsoft
Graph share. A token proves who sent a request, not that its body is unchanged, so these
senders' events are stored as "authenticated", never "verified".
"""

from collections.abc import Sequence

from . import SignatureError, SignedRequest, any_matches, header, secret_keys


def check_token(value: str, secrets: Sequence[str], name: str) -> None:
    """Refuse unless `value` equals one of the secrets (constant time, every secret compared)."""
    if not any_matches(secret_keys(secrets), [value.encode()]):
        raise SignatureError(f"{name} does not match the configured secret")


def check_header_token(request: SignedRequest, secrets: Sequence[str], name: str) -> None:
    keys = secret_keys(secrets)  # no_secret comes before missing_header
    value = header(request, name)
    if not any_matches(keys, [value.encode()]):
        raise SignatureError(f"{name} does not match the configured secret")
