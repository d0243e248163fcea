"""The audit log records who did what from where; only admins read it."""

import pytest

from hooklane.accounts.models import AuditEvent
from hooklane.accounts.services import magic_link_issue

pytestmark = pytest.mark.django_db


def test_it_records_the_account_actions_in_order(api_client_for, admin_a, member_a):
    client = api_client_for(None)
    client.post("/api/v1/auth/magic-link/verify/", {"token": magic_link_issue(user=admin_a)})
    client.defaults["HTTP_X_CSRFTOKEN"] = client.cookies["csrftoken"].value
    invitation_id = client.post("/api/v1/invitations/", {"email": "new@a.example"}).json()["id"]
    client.delete(f"/api/v1/invitations/{invitation_id}/")
    client.patch(f"/api/v1/users/{member_a.id}/", {"role": "admin"}, format="json")
    client.post(f"/api/v1/users/{member_a.id}/deactivate/")
    client.post(f"/api/v1/users/{member_a.id}/reactivate/")
    key_id = client.post("/api/v1/api-keys/", {"name": "CI"}).json()["id"]
    client.post(f"/api/v1/api-keys/{key_id}/revoke/")
    client.patch("/api/v1/organization/", {"retention_days": 7}, format="json")

    response = client.get("/api/v1/audit-events/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["action"] for row in reversed(rows)] == [
        "login",
        "user.invite",
        "invitation.revoke",
        "user.role_change",
        "user.deactivate",
        "user.reactivate",
        "api_key.create",
        "api_key.revoke",
        "organization.update",
    ]
    assert {row["actor_label"] for row in rows} == {"admin@a.example"}
    assert {row["ip"] for row in rows} == {"127.0.0.1"}

    client.post("/api/v1/auth/logout/")
    assert AuditEvent.objects.filter(action="logout", actor_user=admin_a).exists()


def test_it_filters_by_action(api_client_for, admin_a):
    client = api_client_for(admin_a)
    client.patch("/api/v1/organization/", {"retention_days": 7}, format="json")
    client.post("/api/v1/api-keys/", {"name": "CI"})
    rows = client.get("/api/v1/audit-events/?action=api_key.create").json()["results"]
    assert [row["action"] for row in rows] == ["api_key.create"]


def test_a_key_used_by_a_script_is_named_as_the_actor(api_client_for, api_key_for, admin_a):
    secret = api_key_for(admin_a)
    api_client_for(secret).patch("/api/v1/organization/", {"name": "Renamed"}, format="json")
    event = AuditEvent.objects.get(action="organization.update")
    assert event.actor_api_key.key_hash
    assert event.actor_label == f"admin@a.example via key {secret[:12]}…"


def test_the_log_pages_with_a_cursor(api_client_for, admin_a):
    for n in range(7):
        AuditEvent.objects.create(organization=admin_a.organization, action="login", target_id=n)
    client = api_client_for(admin_a)
    first = client.get("/api/v1/audit-events/?page_size=5").json()
    second = client.get(first["next"]).json()
    ids = [row["id"] for row in first["results"] + second["results"]]
    assert len(ids) == len(set(ids)) == 7
