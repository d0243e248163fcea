"""The organization endpoint: always the caller's own; admins rename it and set retention."""

import pytest

from hooklane.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_members_read_their_organization(api_client_for, member_a):
    response = api_client_for(member_a).get("/api/v1/organization/")
    assert response.status_code == 200
    assert response.json() == {
        "id": str(member_a.organization_id),
        "name": "Org A",
        "slug": "org-a",
        "retention_days": 30,
    }


def test_admins_rename_it_and_set_retention(api_client_for, admin_a):
    response = api_client_for(admin_a).patch(
        "/api/v1/organization/", {"name": "Acme", "retention_days": 90}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Acme"
    assert response.json()["retention_days"] == 90
    assert response.json()["slug"] == "org-a"  # URLs and references keep working
    admin_a.organization.refresh_from_db()
    assert admin_a.organization.retention_days == 90
    event = AuditEvent.objects.get(action=AuditEvent.Action.ORGANIZATION_UPDATE)
    assert event.metadata == {"changes": {"name": ["Org A", "Acme"], "retention_days": [30, 90]}}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"retention_days": 0}, "retention_days"),
        ({"retention_days": 3651}, "retention_days"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_it_refuses_bad_values(api_client_for, admin_a, body, field):
    response = api_client_for(admin_a).patch("/api/v1/organization/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_an_unchanged_patch_records_nothing(api_client_for, admin_a):
    response = api_client_for(admin_a).patch(
        "/api/v1/organization/", {"name": "Org A"}, format="json"
    )
    assert response.status_code == 200
    assert not AuditEvent.objects.exists()
