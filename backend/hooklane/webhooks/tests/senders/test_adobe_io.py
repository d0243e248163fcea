"""Adobe I/O Events: bodies signed by Adobe's documented recipe (RSA-SHA256, two keys) with
public keys a local server publishes, fetched through the SSRF-guarded client."""

import base64
import json
import re

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from hooklane.webhooks.schemes import SENDERS, SignatureError, certificates, verify
from hooklane.webhooks.schemes.adobe_io import KEY_URL_PATTERNS, key_url
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, signed_request
from hooklane.webhooks.tests.senders.certs import rsa_key

CLIENT_ID = "4a0c7bd9f1e84c5a8a1b2c3d4e5f6a7b"
BODY = json.dumps(
    {
        "event_id": "a1b2c3",
        "type": "com.adobe.platform.tenant.created",
        "recipient_client_id": CLIENT_ID,
        "event": {"name": "Zoë"},
    },
    ensure_ascii=False,
).encode()


def _pem(seed: int) -> bytes:
    return (
        rsa_key(seed)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


@pytest.fixture
def key_urls(settings, httpserver):
    urls = []
    for seed in (1, 2):
        path = f"/prod/keys/pub-key-test{seed}.pem"
        httpserver.expect_request(path).respond_with_data(_pem(seed))
        urls.append(httpserver.url_for(path))
    settings.WEBHOOKS_CERTIFICATE_URLS = {"adobe_io": [re.escape(url) for url in urls]}
    certificates.clear_cache()
    yield urls
    certificates.clear_cache()


def signer(urls, seeds=(1, 2)):
    def sign(body, secret, now, url):
        headers = {}
        for n, (seed, key_url_) in enumerate(zip(seeds, urls, strict=True), start=1):
            signature = rsa_key(seed).sign(body, padding.PKCS1v15(), hashes.SHA256())
            headers[f"x-adobe-digital-signature-{n}"] = base64.b64encode(signature).decode()
            headers[f"x-adobe-public-key{n}-url"] = key_url_
        return headers

    return sign


def test_it_conforms(key_urls):
    assert_sender_conforms(
        "adobe_io",
        sign=signer(key_urls),
        body=BODY,
        secret=CLIENT_ID,
        tampered_body=BODY.replace(b"created", b"deleted"),
        rotation=True,
        expect_id="a1b2c3",
        expect_type="com.adobe.platform.tenant.created",
    )


def test_it_answers_the_challenge_get():
    request = signed_request(
        {}, b"", url="https://h.test/in/k?challenge=8ec8d794-e0ab-42df", method="GET"
    )
    event = verify("adobe_io", request, [CLIENT_ID], {}, NOW)

    assert SENDERS["adobe_io"].accepts_get
    assert event.handshake is not None and event.handshake.content_type == "application/json"
    assert json.loads(event.handshake.body) == {"challenge": "8ec8d794-e0ab-42df"}


def test_it_accepts_one_signature_while_adobe_rotates_the_other_key(key_urls):
    headers = signer(key_urls)(BODY, CLIENT_ID, NOW, "")
    headers["x-adobe-digital-signature-2"] = base64.b64encode(b"\0" * 256).decode()

    assert (
        verify("adobe_io", signed_request(headers, BODY), [CLIENT_ID], {}, NOW).external_id
        == "a1b2c3"
    )


def test_it_refuses_an_event_for_another_integration(key_urls):
    body = BODY.replace(CLIENT_ID.encode(), b"someone-else")
    with pytest.raises(SignatureError) as refused:
        verify(
            "adobe_io",
            signed_request(signer(key_urls)(body, CLIENT_ID, NOW, ""), body),
            [CLIENT_ID],
            {},
            NOW,
        )
    assert refused.value.reason == "wrong_signature"


def test_it_builds_key_urls_on_adobes_host_and_refuses_others():
    request = signed_request({"x-adobe-public-key1-path": "/prod/keys/pub-key-voy5XEbWmT.pem"}, b"")
    url, _ = key_url(request, "x-adobe-public-key1-path", "x-adobe-public-key1-url")

    assert url == "https://static.adobeioevents.com/prod/keys/pub-key-voy5XEbWmT.pem"
    assert re.fullmatch(KEY_URL_PATTERNS[0], url)
    assert not re.fullmatch(
        KEY_URL_PATTERNS[0], "https://static.adobeioevents.com.evil.test/prod/keys/pub-key-a.pem"
    )
    assert not re.fullmatch(
        KEY_URL_PATTERNS[0], "https://static.adobeioevents.com/prod/keys/../../x.pem"
    )


def test_it_never_fetches_a_key_from_elsewhere(key_urls, httpserver):
    foreign = [url.replace("pub-key-test", "pub-key-other") for url in key_urls]
    headers = signer(foreign)(BODY, CLIENT_ID, NOW, "")

    with pytest.raises(SignatureError) as refused:
        verify("adobe_io", signed_request(headers, BODY), [CLIENT_ID], {}, NOW)
    assert refused.value.reason == "malformed_header"
    assert httpserver.log == []
