"""Browser policy: a strict Content-Security-Policy everywhere, and API docs that load
nothing from elsewhere."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict(response) -> None:
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    # No inline, eval'd or remote script: an injected <script> or onerror= runs nothing.
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    for values in policy.values():
        assert not any(value.startswith(("http:", "https:", "*")) for value in values), values


@pytest.fixture
def built_spa(settings, tmp_path):
    """A dashboard build like Vite's: an index that loads hashed assets from /assets/."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log('hi')")
    (tmp_path / "index.html").write_text(
        '<!doctype html><div id="root"></div>'
        '<script type="module" src="/assets/index-abc123.js"></script>'
    )
    settings.FRONTEND_DIST = tmp_path
    settings.WHITENOISE_ROOT = tmp_path
    return tmp_path


def test_the_dashboard_and_its_assets_carry_a_strict_policy(built_spa):
    client = Client()  # a new client, so WhiteNoise starts with the overridden root
    for path in ("/", "/logs/5f0c6a52-0000-4000-8000-000000000001", "/assets/index-abc123.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict(response)


def test_api_responses_carry_the_policy_too(client):
    assert_strict(client.get("/api/v1/auth/me/"))
    assert_strict(client.get("/healthz"))


def test_the_api_docs_load_only_hooklanes_own_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert_strict(response)
    html = response.content.decode()

    # No inline script: the start-up script is a URL of its own.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)

    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(urls) >= 5  # css, favicon, two bundles, the start-up script
    for url in urls:
        url = url.replace("&amp;", "&")
        assert url.startswith("/") and not url.startswith("//"), url
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
        else:
            script = client.get(url)
            assert script.status_code == 200
            assert script["Content-Type"].startswith("application/javascript")
            assert "SwaggerUIBundle" in script.content.decode()
            assert "validator.swagger.io" not in script.content.decode()
            assert '"validatorUrl": null' in script.content.decode()


@pytest.fixture
def https_behind_proxy(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def test_https_is_enforced_when_configured(https_behind_proxy):
    client = Client()
    plain = client.get("/api/v1/auth/me/")
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in plain

    secure = client.get("/api/v1/auth/me/", HTTP_X_FORWARDED_PROTO="https")
    assert secure["Strict-Transport-Security"] == "max-age=31536000"
    # Load balancers probe over plain HTTP.
    assert client.get("/healthz").status_code == 200
