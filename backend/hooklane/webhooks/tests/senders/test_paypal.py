"""PayPal: signed as PayPal's SDK checks it (paypalrestsdk WebhookEvent.verify), with a
self-signed certificate served by a local server through the SSRF-guarded client."""

import base64
import json
import re
import time
import zlib
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from hooklane.webhooks.schemes import SignatureError, certificates, verify
from hooklane.webhooks.tests.conformance import assert_sender_conforms, signed_request
from hooklane.webhooks.tests.senders.certs import rsa_key, self_signed

WEBHOOK_ID = "WH-4M0448861G563140B-9EX36365822141321"
CERT_PATH = "/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77"
BODY = json.dumps(
    {
        "id": "WH-58D329510W468432D-8HN650336L201105X",
        "event_type": "PAYMENT.CAPTURE.COMPLETED",
        "resource": {"amount": {"value": "9.99", "currency_code": "CHF"}, "note": "Zürich"},
    },
    ensure_ascii=False,
).encode()


@pytest.fixture
def cert_url(settings, httpserver):
    url = httpserver.url_for(CERT_PATH)
    httpserver.expect_request(CERT_PATH).respond_with_data(
        self_signed(rsa_key(), "messageverificationcerts.paypal.com"), content_type="text/plain"
    )
    settings.WEBHOOKS_CERTIFICATE_URLS = {"paypal": [re.escape(url)]}
    certificates.clear_cache()
    yield url
    certificates.clear_cache()


def signer(cert_url: str, key=None):
    def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
        transmission_id = "69cd13f0-d67a-11e5-baa3-778b53f4ae55"
        moment = datetime.fromtimestamp(int(now), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        message = f"{transmission_id}|{moment}|{secret}|{zlib.crc32(body) & 0xFFFFFFFF}"
        signature = (key or rsa_key()).sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
        return {
            "PAYPAL-TRANSMISSION-ID": transmission_id,
            "PAYPAL-TRANSMISSION-TIME": moment,
            "PAYPAL-TRANSMISSION-SIG": base64.b64encode(signature).decode(),
            "PAYPAL-CERT-URL": cert_url,
            "PAYPAL-AUTH-ALGO": "SHA256withRSA",
        }

    return sign


def _reason(headers, body=BODY):
    with pytest.raises(SignatureError) as refused:
        verify("paypal", signed_request(headers, body), [WEBHOOK_ID], {}, time.time())
    return refused.value.reason


def test_it_conforms(cert_url):
    assert_sender_conforms(
        "paypal",
        sign=signer(cert_url),
        body=BODY,
        secret=WEBHOOK_ID,
        rotation=True,
        expect_id="WH-58D329510W468432D-8HN650336L201105X",
        expect_type="PAYMENT.CAPTURE.COMPLETED",
    )


def test_it_fetches_the_certificate_once(cert_url, httpserver):
    headers = signer(cert_url)(BODY, WEBHOOK_ID, time.time(), "")
    for _ in range(3):
        verify("paypal", signed_request(headers, BODY), [WEBHOOK_ID], {}, time.time())

    assert len(httpserver.log) == 1


def test_it_never_fetches_a_certificate_from_another_host(cert_url, httpserver):
    foreign = cert_url.replace(CERT_PATH, "/v1/notifications/certs/CERT-other")
    headers = signer(foreign)(BODY, WEBHOOK_ID, time.time(), "")

    assert _reason(headers) == "malformed_header"
    assert httpserver.log == []


def test_its_own_patterns_allow_only_paypals_api_hosts():
    from hooklane.webhooks.schemes.paypal import CERT_URL_PATTERNS

    def allowed(url):
        return any(re.fullmatch(pattern, url) for pattern in CERT_URL_PATTERNS)

    assert allowed("https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77")
    assert allowed("https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-1")
    assert not allowed("http://api.paypal.com/v1/notifications/certs/CERT-1")
    assert not allowed("https://api.paypal.com.evil.test/v1/notifications/certs/CERT-1")
    assert not allowed("https://api.paypal.com@evil.test/v1/notifications/certs/CERT-1")
    assert not allowed("https://api.paypal.com/v1/notifications/certs/CERT-1?x=/../")


def test_it_refuses_a_certificate_that_is_not_paypals(settings, httpserver):
    path = "/v1/notifications/certs/CERT-not-paypal"
    httpserver.expect_request(path).respond_with_data(self_signed(rsa_key(), "evil.test"))
    url = httpserver.url_for(path)
    settings.WEBHOOKS_CERTIFICATE_URLS = {"paypal": [re.escape(url)]}
    certificates.clear_cache()

    assert _reason(signer(url)(BODY, WEBHOOK_ID, time.time(), "")) == "wrong_signature"


def test_it_refuses_another_algorithm(cert_url):
    headers = {
        **signer(cert_url)(BODY, WEBHOOK_ID, time.time(), ""),
        "PAYPAL-AUTH-ALGO": "SHA1withRSA",
    }
    assert _reason(headers) == "malformed_header"


def test_it_refuses_as_misconfigured_when_the_certificate_cannot_be_fetched(settings, httpserver):
    path = "/v1/notifications/certs/CERT-gone"
    httpserver.expect_request(path).respond_with_data("gone", status=404)
    url = httpserver.url_for(path)
    settings.WEBHOOKS_CERTIFICATE_URLS = {"paypal": [re.escape(url)]}
    certificates.clear_cache()

    assert _reason(signer(url)(BODY, WEBHOOK_ID, time.time(), "")) == "misconfigured"
