"""The fetcher behind senders' published certificates: through the SSRF guard, small, no
redirects, and only 200s count."""

import pytest

from hooklane.delivery.certificate_source import GuardedCertificateSource
from hooklane.webhooks.schemes import certificates


@pytest.fixture
def source():
    return GuardedCertificateSource()


def test_it_fetches_a_small_document(source, httpserver):
    httpserver.expect_request("/cert.pem").respond_with_data("-----BEGIN CERTIFICATE-----")

    assert source.fetch(httpserver.url_for("/cert.pem")) == b"-----BEGIN CERTIFICATE-----"


def test_it_refuses_a_document_over_the_cap(source, httpserver):
    httpserver.expect_request("/big.pem").respond_with_data(
        b"x" * (certificates.MAX_DOCUMENT_BYTES + 1)
    )

    with pytest.raises(ValueError, match="more than"):
        source.fetch(httpserver.url_for("/big.pem"))


def test_it_does_not_follow_a_redirect(source, httpserver):
    httpserver.expect_request("/moved.pem").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for("/cert.pem")}
    )

    with pytest.raises(ValueError, match="HTTP 302"):
        source.fetch(httpserver.url_for("/moved.pem"))
    assert len(httpserver.log) == 1


def test_it_refuses_what_the_ssrf_guard_refuses(source, settings):
    settings.DELIVERY_LOOPBACK_ONLY = False
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = False

    with pytest.raises(ValueError):
        source.fetch("http://10.0.0.1/cert.pem")


def test_a_deployment_can_override_a_senders_urls(source, settings):
    settings.WEBHOOKS_CERTIFICATE_URLS = {"paypal": ["https://certs\\.example/.*"]}

    assert source.allowed_patterns("paypal", ("default",)) == ["https://certs\\.example/.*"]
    assert source.allowed_patterns("aws_sns", ("default",)) == ("default",)
