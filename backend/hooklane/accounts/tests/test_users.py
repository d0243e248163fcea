"""Users: members list, admins change roles and deactivate (test_invitations.py invites)."""

import threading

import pytest
from django.db import connection

from hooklane.accounts.models import AuditEvent, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin2_a(org_a):
    return User.objects.create_user("admin2@a.example", organization=org_a, role="admin")


def test_members_list_their_organization_newest_first(api_client_for, admin_a, member_a, admin_b):
    response = api_client_for(member_a).get("/api/v1/users/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["email"] for row in rows] == ["member@a.example", "admin@a.example"]
    assert set(rows[0]) == {"id", "email", "role", "is_active", "last_login_at", "created_at"}


def test_the_list_pages_with_a_cursor(api_client_for, admin_a):
    for n in range(5):
        User.objects.create_user(f"u{n}@a.example", organization=admin_a.organization)
    client = api_client_for(admin_a)
    first = client.get("/api/v1/users/?page_size=4").json()
    second = client.get(first["next"]).json()
    emails = [row["email"] for row in first["results"] + second["results"]]
    assert len(emails) == len(set(emails)) == 6
    assert second["next"] is None


def test_listing_users_takes_a_fixed_number_of_queries(
    api_client_for, admin_a, django_assert_max_num_queries
):
    for n in range(20):
        User.objects.create_user(f"u{n}@a.example", organization=admin_a.organization)
    client = api_client_for(admin_a)
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/users/").status_code == 200


def test_an_admin_changes_a_role(api_client_for, admin_a, member_a):
    response = api_client_for(admin_a).patch(
        f"/api/v1/users/{member_a.id}/", {"role": "admin"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["role"] == "admin"
    member_a.refresh_from_db()
    assert member_a.is_org_admin
    event = AuditEvent.objects.get(action=AuditEvent.Action.USER_ROLE_CHANGE)
    assert event.metadata == {"from": "member", "to": "admin"}


def test_the_last_active_admin_cannot_be_demoted(api_client_for, admin_a, member_a):
    response = api_client_for(admin_a).patch(
        f"/api/v1/users/{admin_a.id}/", {"role": "member"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"] == "last_admin"
    admin_a.refresh_from_db()
    assert admin_a.is_org_admin


def test_the_last_active_admin_cannot_be_deactivated(api_client_for, admin_a):
    response = api_client_for(admin_a).post(f"/api/v1/users/{admin_a.id}/deactivate/")
    assert response.status_code == 409
    admin_a.refresh_from_db()
    assert admin_a.is_active


def test_a_deactivated_admin_does_not_count_as_the_other_admin(api_client_for, admin_a, admin2_a):
    client = api_client_for(admin_a)
    assert client.post(f"/api/v1/users/{admin2_a.id}/deactivate/").status_code == 200
    response = client.patch(f"/api/v1/users/{admin_a.id}/", {"role": "member"}, format="json")
    assert response.status_code == 409


def test_with_two_admins_one_may_step_down(api_client_for, admin_a, admin2_a):
    client = api_client_for(admin_a)
    response = client.patch(f"/api/v1/users/{admin_a.id}/", {"role": "member"}, format="json")
    assert response.status_code == 200
    # Now a member: the same session may no longer manage users.
    response = client.patch(f"/api/v1/users/{admin2_a.id}/", {"role": "member"}, format="json")
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_two_admins_demoting_each_other_at_once_leave_one_admin(api_client_for, admin_a, admin2_a):
    pairs = [(api_client_for(admin_a), admin2_a), (api_client_for(admin2_a), admin_a)]
    barrier = threading.Barrier(2)
    statuses = []

    def demote(client, other):
        try:
            barrier.wait()
            response = client.patch(f"/api/v1/users/{other.id}/", {"role": "member"})
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=demote, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The loser is refused either by the lock (409, last admin) or, if the winner finished
    # first, because it is no longer an admin (403); never do both demotions succeed.
    assert statuses.count(200) == 1
    assert set(statuses) - {200} <= {403, 409}
    assert User.objects.filter(role="admin", is_active=True).count() == 1


def test_deactivate_and_reactivate_are_audited_and_idempotent(api_client_for, admin_a, member_a):
    client = api_client_for(admin_a)
    for _ in range(2):
        response = client.post(f"/api/v1/users/{member_a.id}/deactivate/")
        assert response.status_code == 200
        assert response.json()["is_active"] is False
    for _ in range(2):
        response = client.post(f"/api/v1/users/{member_a.id}/reactivate/")
        assert response.json()["is_active"] is True
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("created_at"))
    assert actions == ["user.deactivate", "user.reactivate"]


def test_a_deactivated_user_cannot_ask_for_a_link_or_use_one(api_client_for, admin_a, member_a):
    from hooklane.accounts.services import magic_link_issue

    token = magic_link_issue(user=member_a)
    api_client_for(admin_a).post(f"/api/v1/users/{member_a.id}/deactivate/")
    response = api_client_for(None).post("/api/v1/auth/magic-link/verify/", {"token": token})
    assert response.status_code == 400


def test_a_role_must_be_admin_or_member(api_client_for, admin_a, member_a):
    response = api_client_for(admin_a).patch(
        f"/api/v1/users/{member_a.id}/", {"role": "owner"}, format="json"
    )
    assert response.status_code == 400
    assert "role" in response.json()["fields"]
