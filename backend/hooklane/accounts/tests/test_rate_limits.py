"""Login requests are rate-limited per email and per IP in Redis: 429 with Retry-After."""

import pytest

from hooklane.accounts.services import magic_link_issue
from hooklane.core.redis import redis_client

pytestmark = pytest.mark.django_db

REQUEST_PATHS = ["/api/v1/auth/magic-link/", "/api/v1/auth/otp/", "/api/v1/auth/signup/"]


def ask(client, path, email, **headers):
    body = {"email": email, "organization_name": "Org"}
    return client.post(path, body, format="json", **headers)


@pytest.fixture
def limits(settings):
    settings.AUTH_RATE_LIMIT_PER_EMAIL = 3
    settings.AUTH_RATE_LIMIT_PER_IP = 5
    settings.AUTH_VERIFY_RATE_LIMIT_PER_IP = 4
    settings.AUTH_RATE_LIMIT_WINDOW_SECONDS = 900
    return settings


@pytest.mark.parametrize("path", REQUEST_PATHS)
def test_it_refuses_a_fourth_request_for_one_address_with_retry_after(api_client_for, limits, path):
    client = api_client_for(None)
    for _ in range(3):
        assert ask(client, path, "someone@a.example").status_code == 202
    response = ask(client, path, "SOMEONE@a.example")
    assert response.status_code == 429
    assert response.json()["error"] == "rate_limited"
    assert 0 < int(response["Retry-After"]) <= 900
    # Another address from the same IP is still within the IP's allowance.
    assert ask(client, path, "other@a.example").status_code == 202


@pytest.mark.parametrize("path", REQUEST_PATHS)
def test_it_refuses_one_ip_cycling_through_addresses(api_client_for, limits, path):
    client = api_client_for(None)
    for n in range(5):
        assert ask(client, path, f"user{n}@a.example").status_code == 202
    response = ask(client, path, "fresh@a.example")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_each_endpoint_counts_on_its_own(api_client_for, limits):
    client = api_client_for(None)
    for _ in range(3):
        ask(client, "/api/v1/auth/magic-link/", "someone@a.example")
    assert ask(client, "/api/v1/auth/magic-link/", "someone@a.example").status_code == 429
    assert ask(client, "/api/v1/auth/otp/", "someone@a.example").status_code == 202


VERIFY_REQUESTS = [
    ("/api/v1/auth/magic-link/verify/", {"token": "guess"}),
    ("/api/v1/auth/otp/verify/", {"email": "admin@a.example", "code": "123456"}),
]


@pytest.mark.parametrize(("path", "body"), VERIFY_REQUESTS, ids=["magic-link", "otp"])
def test_verification_attempts_are_limited_per_ip(api_client_for, admin_a, limits, path, body):
    client = api_client_for(None)
    for _ in range(4):
        assert client.post(path, body, format="json").status_code == 400
    response = client.post(path, body, format="json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_a_refused_verification_does_not_spend_the_link(api_client_for, admin_a, limits):
    client = api_client_for(None)
    for _ in range(4):
        client.post("/api/v1/auth/magic-link/verify/", {"token": "guess"}, format="json")
    token = magic_link_issue(user=admin_a)
    response = client.post("/api/v1/auth/magic-link/verify/", {"token": token}, format="json")
    assert response.status_code == 429
    # The window ends (its counters expire); the link still works.
    redis_client().delete(*redis_client().keys("ratelimit:*"))
    response = client.post("/api/v1/auth/magic-link/verify/", {"token": token}, format="json")
    assert response.status_code == 200


def test_a_forged_forwarded_for_header_does_not_dodge_the_ip_limit(api_client_for, limits):
    client = api_client_for(None)
    for n in range(5):
        ask(client, "/api/v1/auth/otp/", f"user{n}@a.example", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = ask(client, "/api/v1/auth/otp/", "fresh@a.example", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(api_client_for, limits):
    limits.TRUSTED_PROXY = True
    client = api_client_for(None)
    for n in range(5):
        ask(client, "/api/v1/auth/otp/", f"user{n}@a.example", HTTP_X_FORWARDED_FOR="192.0.2.1")
    blocked = ask(client, "/api/v1/auth/otp/", "fresh@a.example", HTTP_X_FORWARDED_FOR="192.0.2.1")
    other = ask(client, "/api/v1/auth/otp/", "fresh@a.example", HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert blocked.status_code == 429
    assert other.status_code == 202
