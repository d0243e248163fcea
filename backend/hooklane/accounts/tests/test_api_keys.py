"""API keys: the secret is shown once and stored hashed; revoked or expired keys are 401."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hooklane.accounts.db_models.api_key_model import hash_key
from hooklane.accounts.models import ApiKey, AuditEvent

pytestmark = pytest.mark.django_db


def create(client, **body):
    return client.post("/api/v1/api-keys/", {"name": "CI", **body}, format="json")


def test_an_admin_creates_a_key_and_sees_the_secret_once(api_client_for, admin_a):
    client = api_client_for(admin_a)
    response = create(client, scope="write")
    assert response.status_code == 201
    body = response.json()
    secret = body["key"]
    assert secret.startswith("hlk_") and len(secret) >= 4 + 43
    assert body["prefix"] == secret[:12]
    assert body["scope"] == "write"
    assert body["created_by"] == {"id": str(admin_a.id), "email": "admin@a.example"}

    key = ApiKey.objects.get()
    assert key.key_hash == hash_key(secret)
    assert secret not in str(key.to_dict())
    listed = client.get("/api/v1/api-keys/").json()["results"]
    assert [row["prefix"] for row in listed] == [secret[:12]]
    assert "key" not in listed[0]
    assert "key" not in client.get(f"/api/v1/api-keys/{key.id}/").json()
    event = AuditEvent.objects.get(action=AuditEvent.Action.API_KEY_CREATE)
    assert event.target_id == str(key.id)


def test_keys_are_read_only_unless_asked_otherwise(api_client_for, admin_a):
    assert create(api_client_for(admin_a)).json()["scope"] == "read"


def test_a_key_authenticates_a_script_and_records_its_use(api_client_for, admin_a):
    secret = create(api_client_for(admin_a), scope="write").json()["key"]
    script = api_client_for(secret)
    assert script.get("/api/v1/users/").status_code == 200
    key = ApiKey.objects.get()
    assert key.last_used_at is not None
    first_use = key.last_used_at
    # Throttled to one write a minute per key: the second request leaves it alone.
    script.get("/api/v1/users/")
    key.refresh_from_db()
    assert key.last_used_at == first_use


def test_a_revoked_key_is_refused_at_once(api_client_for, admin_a):
    admin = api_client_for(admin_a)
    created = create(admin, scope="write").json()
    script = api_client_for(created["key"])
    assert script.get("/api/v1/users/").status_code == 200

    response = admin.post(f"/api/v1/api-keys/{created['id']}/revoke/")
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert script.get("/api/v1/users/").status_code == 401
    # Revoking again is harmless and audited once.
    assert admin.post(f"/api/v1/api-keys/{created['id']}/revoke/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.API_KEY_REVOKE).count() == 1


def test_a_key_stops_working_when_it_expires(api_client_for, admin_a):
    soon = timezone.now() + timedelta(minutes=5)
    created = create(api_client_for(admin_a), expires_at=soon.isoformat()).json()
    script = api_client_for(created["key"])
    assert script.get("/api/v1/users/").status_code == 200
    ApiKey.objects.filter(pk=created["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = script.get("/api/v1/users/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_expiry_in_the_past_is_refused(api_client_for, admin_a):
    past = (timezone.now() - timedelta(minutes=1)).isoformat()
    response = create(api_client_for(admin_a), expires_at=past)
    assert response.status_code == 400
    assert "expires_at" in response.json()["fields"]


def test_a_made_up_key_is_refused(api_client_for, admin_a):
    assert api_client_for("hlk_" + "x" * 43).get("/api/v1/users/").status_code == 401


def test_listing_keys_takes_a_fixed_number_of_queries(
    api_client_for, api_key_for, admin_a, django_assert_max_num_queries
):
    for n in range(10):
        api_key_for(admin_a, name=f"key {n}")
    client = api_client_for(admin_a)
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/v1/api-keys/").json()["results"]) == 10
