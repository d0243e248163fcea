"""Asana: hex HMAC-SHA256 of the body under the handshake's X-Hook-Secret. The asana SDK calls
Asana's API and signs nothing; signed by the documented recipe."""

import hashlib
import hmac

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, refusal, signed_request

SECRET = "8b5c1a3e0f2d4c6b9a7e5d3c1b0a9f8e"
BODY = (
    b'{"events": [{"action": "changed", "resource": {"gid": "1337", "resource_type": "task"}, '
    b'"user": {"gid": "42"}}]}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {"X-Hook-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "asana", sign=sign, body=BODY, secret=SECRET, rotation=True, expect_id=None, expect_type=""
    )


def test_it_answers_the_handshake_by_echoing_x_hook_secret_and_keeping_it():
    request = signed_request({"X-Hook-Secret": SECRET}, b"")

    event = verify("asana", request, [], {}, NOW)

    assert event.handshake is not None
    assert event.handshake.status == 200
    assert event.handshake.headers == {"X-Hook-Secret": SECRET}
    assert event.handshake.store_secret == SECRET


def test_it_never_lets_a_second_handshake_replace_a_secret_it_has():
    request = signed_request({"X-Hook-Secret": "an-attackers-secret"}, b"")

    assert refusal("asana", request, [SECRET]) == "missing_header"
