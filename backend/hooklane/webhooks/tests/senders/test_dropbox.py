"""Dropbox: hex HMAC-SHA256 of the body under the app secret; the Python SDK (dropbox) only
calls Dropbox's API, so signed by the documented recipe and checked against the vector
hapi-dropbox-webhooks tests with."""

import hashlib
import hmac

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, refusal, signed_request

SECRET = "dropbox-app-secret-kq8"
BODY = (
    b'{"list_folder": {"accounts": ["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc"]}, '
    b'"delta": {"users": [12345678]}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {"X-Dropbox-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "dropbox",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=None,
        expect_type="",
    )


def test_it_accepts_a_published_vector():

    # hapi-dropbox-webhooks' test: secret "the_secret", body {"delta": {"users": [12345]}}
    body = b'{"delta": {"users": [12345]}}'
    signature = "0a8c16b085420b960dc78664279fe09e936a2a01b1f91064869d9e77dfd64529"

    verify(
        "dropbox", signed_request({"X-Dropbox-Signature": signature}, body), ["the_secret"], {}, NOW
    )


def test_it_echoes_the_challenge_as_plain_text_that_no_browser_sniffs():

    request = signed_request(
        {}, b"", method="GET", url="https://hooklane.test/in/key?challenge=Nb6Ff3n2xW"
    )
    event = verify("dropbox", request, [SECRET], {}, NOW)

    assert event.handshake is not None
    assert event.handshake.body == b"Nb6Ff3n2xW"
    assert event.handshake.content_type == "text/plain"
    assert event.handshake.headers == {"X-Content-Type-Options": "nosniff"}


def test_it_refuses_a_get_without_a_challenge():

    request = signed_request({}, b"", method="GET", url="https://hooklane.test/in/key")

    assert refusal("dropbox", request, [SECRET]) == "missing_header"
