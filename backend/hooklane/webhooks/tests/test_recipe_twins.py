"""The registry's recipe senders agree with hand-written twins of the schemes as they were
written before they became data: whatever the body, signature, secret and clock offset, a
recipe accepts exactly what its twin accepts."""

import base64
import hashlib
import hmac

from hypothesis import given, settings
from hypothesis import strategies as st

from hooklane.webhooks.schemes import SignatureError, verify

from .conformance import NOW, signed_request

SECRET = "twin-secret"


def accepted(name: str, headers: dict, body: bytes) -> bool:
    try:
        verify(name, signed_request(headers, body), [SECRET], {}, NOW)
    except SignatureError:
        return False
    return True


def mac(key: str, message: bytes) -> bytes:
    return hmac.new(key.encode(), message, hashlib.sha256).digest()


# The twins: each takes lower-cased headers and the body, True when it would accept.
def github_twin(headers: dict, body: bytes) -> bool:
    value = headers.get("x-hub-signature-256", "").strip()
    if not value.startswith("sha256="):
        return False
    return hmac.compare_digest(mac(SECRET, body).hex(), value.removeprefix("sha256=").lower())


def shopify_twin(headers: dict, body: bytes) -> bool:
    value = headers.get("x-shopify-hmac-sha256", "").strip()
    return bool(value) and hmac.compare_digest(base64.b64encode(mac(SECRET, body)).decode(), value)


def slack_twin(headers: dict, body: bytes) -> bool:
    timestamp = headers.get("x-slack-request-timestamp", "").strip()
    value = headers.get("x-slack-signature", "").strip()
    if not (timestamp.isdigit() and value.startswith("v0=")) or abs(NOW - int(timestamp)) > 300:
        return False
    expected = mac(SECRET, b"v0:" + timestamp.encode() + b":" + body).hex()
    return hmac.compare_digest(expected, value.removeprefix("v0="))


keys = st.sampled_from([SECRET, "another-secret"])
bodies = st.binary(max_size=64).filter(lambda body: b"url_verification" not in body)


@settings(max_examples=200, deadline=None)
@given(body=bodies, key=keys, prefix=st.sampled_from(["sha256=", "sha1=", ""]))
def test_the_github_recipe_agrees_with_its_twin(body, key, prefix):
    headers = {"x-hub-signature-256": prefix + mac(key, body).hex()}
    assert accepted("github", headers, body) == github_twin(headers, body)


@settings(max_examples=200, deadline=None)
@given(body=bodies, key=keys, tamper=st.booleans())
def test_the_shopify_recipe_agrees_with_its_twin(body, key, tamper):
    signature = base64.b64encode(mac(key, body)).decode()
    headers = {"x-shopify-hmac-sha256": signature[:-4] + "AAA=" if tamper else signature}
    assert accepted("shopify", headers, body) == shopify_twin(headers, body)


@settings(max_examples=300, deadline=None)
@given(
    body=bodies,
    key=keys,
    offset=st.integers(min_value=-400, max_value=400),
    prefix=st.sampled_from(["v0=", "v1=", ""]),
)
def test_the_slack_recipe_agrees_with_its_twin(body, key, offset, prefix):
    timestamp = str(NOW + offset)
    signature = mac(key, b"v0:" + timestamp.encode() + b":" + body).hex()
    headers = {"x-slack-request-timestamp": timestamp, "x-slack-signature": prefix + signature}
    assert accepted("slack", headers, body) == slack_twin(headers, body)
