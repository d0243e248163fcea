"""The API throttles each key, each user and each anonymous address on its own."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_key_over_its_limit_gets_429_with_retry_after(
    settings, api_client_for, api_key_for, admin_a
):
    settings.API_RATE_LIMIT_PER_KEY = 3
    client = api_client_for(api_key_for(admin_a, scope="read"))
    assert [client.get("/api/v1/logs/").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/logs/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["error"] == "throttled"


def test_one_keys_limit_does_not_spend_anothers(settings, api_client_for, api_key_for, admin_a):
    settings.API_RATE_LIMIT_PER_KEY = 2
    first = api_client_for(api_key_for(admin_a, scope="read"))
    second = api_client_for(api_key_for(admin_a, scope="read", name="other"))
    for _ in range(3):
        first.get("/api/v1/logs/")
    assert first.get("/api/v1/logs/").status_code == 429
    assert second.get("/api/v1/logs/").status_code == 200


def test_a_user_session_is_throttled_per_user(settings, api_client_for, admin_a, member_a):
    settings.API_RATE_LIMIT_PER_USER = 2
    admin = api_client_for(admin_a)
    assert [admin.get("/api/v1/logs/").status_code for _ in range(3)] == [200, 200, 429]
    assert api_client_for(member_a).get("/api/v1/logs/").status_code == 200


def test_zero_turns_a_limit_off(settings, api_client_for, admin_a):
    settings.API_RATE_LIMIT_PER_USER = 0
    client = api_client_for(admin_a)
    assert {client.get("/api/v1/logs/").status_code for _ in range(5)} == {200}
