"""Role escalation and token replay beyond the access matrix: fields a form never shows,
keys whose creator lost the role, the Django admin, credentials that outlive a deactivation,
and one kind of secret offered where another is expected."""

import pytest

from hooklane.accounts.models import ApiKey, Invitation, Organization, User
from hooklane.accounts.services import (
    magic_link_issue,
    otp_issue,
    user_change_role,
    user_deactivate,
    user_reactivate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_api_rate_limits(settings):
    settings.API_RATE_LIMIT_PER_KEY = settings.API_RATE_LIMIT_PER_USER = 0


def test_fields_no_form_shows_are_ignored(api_client_for, admin_a, member_a, org_b, admin_b):
    client = api_client_for(admin_a)
    smuggled = {
        "is_staff": True,
        "is_superuser": True,
        "organization": str(org_b.id),
        "organization_id": str(org_b.id),
        "email": "taken-over@b.example",
        "is_active": False,
        "created_by": str(admin_b.id),
        "slug": "pwned",
        "id": str(org_b.id),
    }

    responses = [
        client.patch(
            f"/api/v1/users/{member_a.id}/", {"role": "member", **smuggled}, format="json"
        ),
        client.post("/api/v1/invitations/", {**smuggled, "email": "new@a.example"}, format="json"),
        client.patch("/api/v1/organization/", {"name": "Org A", **smuggled}, format="json"),
        client.post(
            "/api/v1/api-keys/", {"name": "k", "scope": "write", **smuggled}, format="json"
        ),
    ]

    assert [r.status_code for r in responses] == [200, 202, 200, 201], [
        r.content for r in responses
    ]
    for user in User.objects.filter(email__in=["member@a.example", "new@a.example"]):
        assert (user.organization_id, user.is_staff, user.is_superuser) == (
            admin_a.organization_id,
            False,
            False,
        )
        assert user.is_active
    invitation = Invitation.objects.get(email="new@a.example")
    assert (invitation.organization_id, invitation.invited_by_id) == (
        admin_a.organization_id,
        admin_a.id,
    )
    organization = Organization.objects.get(pk=admin_a.organization_id)
    assert (organization.slug, organization.is_active) != ("pwned", False)
    key = ApiKey.objects.get(name="k")
    assert (key.organization_id, key.created_by_id) == (admin_a.organization_id, admin_a.id)


def test_a_member_cannot_promote_themselves(api_client_for, member_a):
    client = api_client_for(member_a)

    response = client.patch(f"/api/v1/users/{member_a.id}/", {"role": "admin"}, format="json")

    assert response.status_code == 403
    member_a.refresh_from_db()
    assert member_a.role == "member"


def test_a_key_acts_with_its_creators_role_of_the_moment(
    api_client_for, api_key_for, admin_a, org_a
):
    User.objects.create_user("second@a.example", organization=org_a, role="admin")
    key = api_client_for(api_key_for(admin_a, scope="write"))
    assert key.post("/api/v1/api-keys/", {"name": "while admin"}, format="json").status_code == 201

    user_change_role(user=admin_a, role="member")

    assert (
        key.post("/api/v1/api-keys/", {"name": "after demotion"}, format="json").status_code == 403
    )
    assert key.get("/api/v1/api-keys/").status_code == 200
    assert not ApiKey.objects.filter(name="after demotion").exists()


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/accounts/user/", "/admin/webhooks/webhooklog/"]
)
def test_organization_admins_are_not_django_admins(client, admin_a, path):
    client.force_login(admin_a)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_reactivation_revives_no_session_link_or_code(api_client_for, admin_a, member_a):
    session = api_client_for(member_a)
    link = magic_link_issue(user=member_a)
    code = otp_issue(user=member_a)
    user_deactivate(user=member_a)
    user_reactivate(user=member_a)

    assert session.get("/api/v1/auth/me/").status_code in (401, 403)
    link_login = api_client_for(None).post(
        "/api/v1/auth/magic-link/verify/", {"token": link}, format="json"
    )
    code_login = api_client_for(None).post(
        "/api/v1/auth/otp/verify/", {"email": member_a.email, "code": code}, format="json"
    )
    assert (link_login.status_code, code_login.status_code) == (400, 400)


def test_one_kind_of_secret_does_not_open_another_door(api_client_for, api_key_for, admin_a):
    api_key = api_key_for(admin_a, scope="write")
    link = magic_link_issue(user=admin_a)
    anonymous = api_client_for(None)

    as_token = anonymous.post("/api/v1/auth/magic-link/verify/", {"token": api_key}, format="json")
    as_key = api_client_for(link).get("/api/v1/auth/me/")
    prefixed = api_client_for("hlk_" + link).get("/api/v1/auth/me/")

    assert as_token.status_code == 400
    assert as_key.status_code == prefixed.status_code == 401
    # The link was not spent by any of this.
    used = anonymous.post("/api/v1/auth/magic-link/verify/", {"token": link}, format="json")
    assert used.status_code == 200
