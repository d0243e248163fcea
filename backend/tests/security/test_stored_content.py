"""Stored XSS, server side: what a sender stored reaches a browser only as data. The API
answers JSON (never HTML), and the raw body is an attachment under a sandboxing policy with
sniffing off, whatever content type the sender claimed. That the dashboard shows a hostile
payload as text is proven in the browser by e2e/test_stored_payload.py."""

import pytest

from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.tests.senders import ingest_path, make_provider

pytestmark = pytest.mark.django_db
HOSTILE = b'<script>alert(document.cookie)</script><img src=x onerror="alert(1)">'


@pytest.fixture
def reader(api_client_for, api_key_for, member_a, settings):
    settings.API_RATE_LIMIT_PER_KEY = 0
    return api_client_for(api_key_for(member_a, scope="read"))


@pytest.mark.parametrize(
    "content_type",
    ["text/html", "text/html; charset=utf-8", "image/svg+xml", "application/xhtml+xml", ""],
)
def test_a_hostile_raw_body_is_served_as_an_inert_attachment(client, org_a, reader, content_type):
    provider = make_provider(org_a, "none", is_active=False)
    stored = client.generic("POST", ingest_path(provider), HOSTILE, CONTENT_TYPE=content_type)
    log_id = stored.json()["id"]

    response = reader.get(f"/api/v1/logs/{log_id}/raw/")

    assert response.status_code == 200
    assert response.content == HOSTILE
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    # Exactly the view's own policy: the site-wide one must not replace or loosen it.
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_a_content_type_that_is_not_latin1_does_not_break_the_raw_view(client, org_a, reader):
    provider = make_provider(org_a, "none", is_active=False)
    claimed = "text/html; note=\u20ac".encode().decode("latin-1")
    log_id = client.generic("POST", ingest_path(provider), HOSTILE, CONTENT_TYPE=claimed).json()[
        "id"
    ]

    response = reader.get(f"/api/v1/logs/{log_id}/raw/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_api_shows_stored_markup_only_inside_json(client, org_a, reader):
    provider = make_provider(org_a, "none", is_active=False)
    body = b'{"note": "' + HOSTILE.replace(b'"', b'\\"') + b'"}'
    extra = {"HTTP_X_NOTE": HOSTILE.decode(), "HTTP_USER_AGENT": "</script><script>1</script>"}
    log_id = client.post(ingest_path(provider), body, content_type="text/html", **extra).json()[
        "id"
    ]

    for url in (f"/api/v1/logs/{log_id}/", "/api/v1/logs/", "/api/v1/logs/?q=script"):
        response = reader.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response["X-Content-Type-Options"] == "nosniff"
    detail = reader.get(f"/api/v1/logs/{log_id}/").json()
    assert detail["payload"]["note"] == HOSTILE.decode()
    assert detail["headers"]["x-note"] == HOSTILE.decode()
    assert WebhookLog.objects.get(pk=log_id).content_type == "text/html"
