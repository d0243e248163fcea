"""Meta: ``X-Hub-Signature-256: sha256=<hex>`` under the App Secret, and the subscription GET
answered with hub.challenge only for the configured verify token; signed by Meta's recipe."""

import hashlib
import hmac

import pytest

from hooklane.webhooks.schemes import SignatureError, verify
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, signed_request

SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
SETTINGS = {"verify_token": "meta-verify-token-42"}
BODY = b'{"object": "whatsapp_business_account", "entry": [{"id": "102290129340398"}]}'
CHALLENGE_URL = (
    "https://hooklane.test/in/key?hub.mode=subscribe&hub.challenge=1158201444"
    "&hub.verify_token={token}"
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}"}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "meta",
        sign=sign,
        body=BODY,
        secret=SECRET,
        settings=SETTINGS,
        rotation=True,
        expect_id=None,
        expect_type="whatsapp_business_account",
    )


def challenge(token: str, settings=SETTINGS):
    request = signed_request({}, b"", url=CHALLENGE_URL.format(token=token), method="GET")
    return verify("meta", request, [SECRET], settings, NOW)


def test_it_echoes_the_challenge_when_the_verify_token_matches():
    event = challenge("meta-verify-token-42")

    assert event.handshake.status == 200
    assert event.handshake.body == b"1158201444"
    assert event.handshake.content_type == "text/plain"


def test_it_refuses_the_challenge_with_another_verify_token():
    with pytest.raises(SignatureError) as refused:
        challenge("guessed")
    assert refused.value.reason == "wrong_signature"


def test_it_refuses_the_challenge_when_no_verify_token_is_configured():
    with pytest.raises(SignatureError) as refused:
        challenge("meta-verify-token-42", settings={})
    assert refused.value.reason == "no_secret"


def test_it_refuses_a_get_that_is_no_subscription_check():
    request = signed_request({}, b"", url="https://hooklane.test/in/key?x=1", method="GET")

    with pytest.raises(SignatureError) as refused:
        verify("meta", request, [SECRET], SETTINGS, NOW)
    assert refused.value.reason == "missing_header"
