"""The organization endpoint: always the caller's own; admins rename it and set retention;
staff set its quotas."""

import pytest

from conftest import make_user
from hooklane.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_members_read_their_organization(api_client_for, member_a, settings):
    settings.INGEST_RATE_PER_SECOND = 100
    settings.INGEST_RATE_BURST = 1000
    settings.INGEST_STORED_BYTES_QUOTA = 10 * 1024**3
    response = api_client_for(member_a).get("/api/v1/organization/")
    assert response.status_code == 200
    assert response.json() == {
        "id": str(member_a.organization_id),
        "name": "Org A",
        "slug": "org-a",
        "retention_days": 30,
        "ingest_rate_per_second": None,
        "ingest_rate_burst": None,
        "stored_bytes_quota": None,
        "quota": {
            "rate_per_second": 100,
            "burst": 1000,
            "stored_bytes_limit": 10 * 1024**3,
            "stored_bytes": 0,
            "refused": {"rate_limited": 0, "over_quota": 0},
        },
    }


@pytest.fixture
def staff_a(org_a):
    user = make_user(org_a, "staff@a.example", "admin")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


QUOTAS = {"ingest_rate_per_second": 5, "ingest_rate_burst": 50, "stored_bytes_quota": 10**6}


@pytest.mark.parametrize("field", list(QUOTAS))
@pytest.mark.parametrize(
    ("who", "says"),
    [("admin_a", "Only staff can change"), ("member_a", "Only organization admins")],
)
def test_only_staff_change_quotas(api_client_for, request, org_a, who, says, field):
    caller = request.getfixturevalue(who)

    response = api_client_for(caller).patch(
        "/api/v1/organization/", {field: QUOTAS[field], "name": "Raised"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["detail"].startswith(says)
    if who == "admin_a":
        assert field in response.json()["detail"]
    org_a.refresh_from_db()
    assert getattr(org_a, field) is None
    assert org_a.name == "Org A"  # nothing of the request was applied
    assert not AuditEvent.objects.exists()


def test_an_admins_write_key_cannot_change_quotas_either(api_client_for, api_key_for, admin_a):
    key = api_key_for(admin_a, scope="write")
    response = api_client_for(key).patch(
        "/api/v1/organization/", {"stored_bytes_quota": 0}, format="json"
    )
    assert response.status_code == 403


def test_staff_set_quotas_and_reset_them_to_the_default(api_client_for, staff_a, org_a, org_b):
    client = api_client_for(staff_a)

    response = client.patch("/api/v1/organization/", QUOTAS, format="json")

    assert response.status_code == 200
    body = response.json()
    assert {name: body[name] for name in QUOTAS} == QUOTAS
    assert body["quota"]["rate_per_second"] == 5
    assert body["quota"]["burst"] == 50
    assert body["quota"]["stored_bytes_limit"] == 10**6
    org_a.refresh_from_db()
    assert org_a.ingest_rate_per_second == 5
    event = AuditEvent.objects.get(action=AuditEvent.Action.ORGANIZATION_UPDATE)
    assert event.metadata["changes"]["stored_bytes_quota"] == [None, 10**6]
    org_b.refresh_from_db()
    assert org_b.ingest_rate_per_second is None  # only the caller's own organization

    response = client.patch("/api/v1/organization/", {"ingest_rate_burst": None}, format="json")
    assert response.status_code == 200
    org_a.refresh_from_db()
    assert org_a.ingest_rate_burst is None
    assert org_a.ingest_rate_per_second == 5


def test_admins_still_change_everything_else(api_client_for, admin_a):
    response = api_client_for(admin_a).patch(
        "/api/v1/organization/", {"retention_days": 7}, format="json"
    )
    assert response.status_code == 200


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
        ({"ingest_rate_per_second": -1}, "ingest_rate_per_second"),
        ({"ingest_rate_burst": 0}, "ingest_rate_burst"),
        ({"stored_bytes_quota": "lots"}, "stored_bytes_quota"),
        ({"stored_bytes_quota": 2**63}, "stored_bytes_quota"),
    ],
)
def test_it_refuses_bad_values(api_client_for, staff_a, body, field):
    response = api_client_for(staff_a).patch("/api/v1/organization/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_an_unchanged_patch_records_nothing(api_client_for, admin_a):
    response = api_client_for(admin_a).patch(
        "/api/v1/organization/", {"name": "Org A"}, format="json"
    )
    assert response.status_code == 200
    assert not AuditEvent.objects.exists()
